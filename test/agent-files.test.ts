// The agent's file RPCs (ListDir, ReadFile, WriteFile, Stat, WatchFiles) through the real
// client and the real agent process, against a workspace laid out as hostile code in a box would.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A3sClient } from "../client/index";
import { A3sError } from "../common/errors";
import { MAX_FILE_BYTES, type FileChange } from "../common/files";
import { startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";

const TOKEN = "file-rpc-token";
let agent: AgentProcess;
let outside: { path: string; remove(): void };

beforeAll(async () => {
  agent = await startAgent({ token: TOKEN });
  outside = tempDir("a3s-files-outside-");
  writeFileSync(join(outside.path, "secret.txt"), "outside\n");
  const ws = agent.workspace;
  mkdirSync(join(ws, "src"));
  writeFileSync(join(ws, "src", "a.ts"), "export const a = 1;\n");
  writeFileSync(join(ws, "run.sh"), "#!/bin/sh\n");
  chmodSync(join(ws, "run.sh"), 0o755);
  writeFileSync(join(ws, "bin.dat"), Buffer.from([1, 0, 2]));
  writeFileSync(join(ws, "huge.txt"), Buffer.alloc(MAX_FILE_BYTES + 1, "a"));
  symlinkSync(outside.path, join(ws, "escape"));
  symlinkSync(join(outside.path, "secret.txt"), join(ws, "src", "leak.txt"));
  execFileSync("mkfifo", [join(ws, "pipe")]);
});

afterAll(async () => {
  await agent?.stop();
  outside?.remove();
});

async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(A3sError);
  return { code: (error as A3sError).code, message: (error as A3sError).message };
}

describe("the agent's file RPCs", () => {
  it("list, stat, read and write inside the workspace", async () => {
    const names = (await agent.client.listDir("")).map((e) => `${e.name}:${e.type}`);
    expect(names).toEqual(expect.arrayContaining(["src:dir", "run.sh:file", "escape:symlink", "pipe:other"]));
    expect(await agent.client.listDir("src")).toEqual(expect.arrayContaining([expect.objectContaining({ path: "src/a.ts", type: "file", size: 20 })]));
    expect(await agent.client.stat("src/leak.txt")).toMatchObject({ path: "src/leak.txt", type: "symlink" });
    expect(await agent.client.stat("")).toMatchObject({ path: "", type: "dir" });
    expect(await agent.client.readFile("./src/a.ts")).toMatchObject({ path: "src/a.ts", content: "export const a = 1;\n", size: 20 });

    expect(await agent.client.writeFile("new/deep/b.ts", "b\n")).toMatchObject({ path: "new/deep/b.ts", type: "file", size: 2 });
    expect(readFileSync(join(agent.workspace, "new/deep/b.ts"), "utf8")).toBe("b\n");
  });

  it("replaces a file atomically: no temporary is left and the file keeps its mode", async () => {
    await agent.client.writeFile("run.sh", "#!/bin/sh\necho saved\n");
    expect(readFileSync(join(agent.workspace, "run.sh"), "utf8")).toBe("#!/bin/sh\necho saved\n");
    expect(statSync(join(agent.workspace, "run.sh")).mode & 0o777).toBe(0o755);
    expect(readdirSync(agent.workspace).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("refuse .., absolute paths and NUL", async () => {
    for (const path of ["..", "../etc/passwd", "src/../../x", "/etc/passwd"]) {
      expect(await refusal(agent.client.readFile(path))).toMatchObject({ code: "PATH_OUTSIDE_WORKSPACE", message: expect.stringContaining("outside the workspace") });
      expect((await refusal(agent.client.writeFile(path, "x"))).code).toBe("PATH_OUTSIDE_WORKSPACE");
      expect((await refusal(agent.client.listDir(path))).code).toBe("PATH_OUTSIDE_WORKSPACE");
    }
    expect((await refusal(agent.client.stat("a\0b"))).code).toBe("INVALID_ARGUMENT");
  });

  it("never follow a symlink, in the middle of a path or at its end", async () => {
    expect(await refusal(agent.client.listDir("escape"))).toMatchObject({ code: "PERMISSION_DENIED", message: "escape is a symbolic link; the file panel does not follow links" });
    expect((await refusal(agent.client.readFile("escape/secret.txt"))).code).toBe("PERMISSION_DENIED");
    expect((await refusal(agent.client.writeFile("escape/planted.txt", "x"))).code).toBe("PERMISSION_DENIED");
    expect((await refusal(agent.client.stat("escape/secret.txt"))).code).toBe("PERMISSION_DENIED");
    expect(await refusal(agent.client.readFile("src/leak.txt"))).toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("symbolic link") });
    expect((await refusal(agent.client.writeFile("src/leak.txt", "overwritten"))).code).toBe("INVALID_ARGUMENT");
    expect(readdirSync(outside.path)).toEqual(["secret.txt"]);
    expect(readFileSync(join(outside.path, "secret.txt"), "utf8")).toBe("outside\n");
  });

  it("refuse FIFOs, folders, binary files and files over the cap, at once", async () => {
    const started = Date.now();
    expect(await refusal(agent.client.readFile("pipe"))).toMatchObject({ code: "INVALID_ARGUMENT", message: "pipe is a FIFO; only regular files can be opened" });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await refusal(agent.client.writeFile("pipe", "x"))).message).toContain("FIFO");
    expect((await refusal(agent.client.readFile("src"))).message).toContain("directory");
    expect((await refusal(agent.client.writeFile("src", "x"))).message).toContain("directory");
    expect((await refusal(agent.client.readFile("bin.dat"))).message).toContain("binary");
    expect((await refusal(agent.client.readFile("huge.txt"))).message).toBe(`huge.txt is too large (${MAX_FILE_BYTES + 1} bytes; the limit is ${MAX_FILE_BYTES})`);
    expect((await refusal(agent.client.writeFile("big.txt", "a".repeat(MAX_FILE_BYTES + 1)))).message).toContain("too large");
  });

  it("report changes below the workspace until the watch is stopped", async () => {
    const changes: FileChange[] = [];
    const stop = await agent.client.watchFiles("", (change) => changes.push(change));
    try {
      writeFileSync(join(agent.workspace, "src", "watched.ts"), "1");
      await expect.poll(() => changes).toContainEqual({ kind: "created", path: "src/watched.ts" });
      mkdirSync(join(agent.workspace, "later"));
      writeFileSync(join(agent.workspace, "later", "inner.txt"), "x");
      await expect.poll(() => changes.map((c) => c.path)).toContain("later/inner.txt");
    } finally {
      stop();
    }
    expect((await refusal(agent.client.watchFiles("escape", () => undefined))).code).toBe("PERMISSION_DENIED");
  });

  it("need the agent's token", async () => {
    const stranger = new A3sClient({ address: agent.address });
    try {
      expect((await refusal(stranger.listDir(""))).code).toBe("UNAUTHENTICATED");
      expect((await refusal(stranger.watchFiles("", () => undefined))).code).toBe("UNAUTHENTICATED");
    } finally {
      stranger.close();
    }
  });
});
