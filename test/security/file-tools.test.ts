// Attacks on the agent's file tools, as a box would make them: each runs against the real
// agent process over gRPC and checks that nothing escaped, nothing was lost and the agent
// still answers afterwards.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ToolResult } from "../../common/chunks";
import { tempDir, useAgentWithModels } from "../helpers/agent-process";
import { reply, toolCalls } from "../model-server/script";

const setup = useAgentWithModels();
const outside = tempDir("a3s-outside-");
const ws = (...parts: string[]) => join(setup.agent.workspace, ...parts);
let prompts = 0;

beforeAll(() => writeFileSync(join(outside.path, "secret.txt"), "top secret\n"));
afterAll(() => outside.remove());

/** One turn in a fresh session whose model calls `calls` in order; the tools' results. */
async function turn(calls: Array<{ name: string; args: Record<string, unknown> }>): Promise<ToolResult[]> {
  const prompt = `attack ${++prompts}`;
  setup.models.scriptFor(prompt, toolCalls(calls), reply("done"));
  const session = await setup.agent.client.createSession();
  return (await setup.agent.client.generate(session, prompt)).toolResults;
}

const call = async (name: string, args: Record<string, unknown>) => (await turn([{ name, args }]))[0]!;

/** The agent still reads an ordinary file, in a new session: it was not hung or broken. */
afterEach(async () => {
  writeFileSync(ws("alive.txt"), "still here\n");
  expect(await call("read", { file_path: "alive.txt" })).toMatchObject({ isError: false, output: "1\tstill here" });
});

describe("paths", () => {
  it("refuses .., absolute, ~, NUL and very long paths without touching anything outside", async () => {
    const results = await turn([
      { name: "read", args: { file_path: "../../../../etc/passwd" } },
      { name: "read", args: { file_path: join(outside.path, "secret.txt") } },
      { name: "read", args: { file_path: "~/secret.txt" } },
      { name: "read", args: { file_path: "ok.txt\0../../etc/passwd" } },
      { name: "write", args: { file_path: `${"d/".repeat(3000)}x.txt`, content: "x" } },
      { name: "write", args: { file_path: `${"n".repeat(5000)}.txt`, content: "x" } },
    ]);
    expect(results.map((r) => r.isError)).toEqual([true, true, true, true, true, true]);
    expect(results[0]!.output).toContain("outside the workspace");
    expect(results[1]!.output).toContain("outside the workspace");
    // "~" is an ordinary folder name inside the workspace, never the home folder.
    expect(results[2]!.output).toMatch(/no such file/);
    expect(results[3]!.output).toMatch(/null bytes|NUL/i);
    expect(results[4]!.output).toMatch(/ENAMETOOLONG|name too long/i);
    expect(results[5]!.output).toMatch(/ENAMETOOLONG|name too long/i);
    expect(JSON.stringify(results)).not.toContain("top secret");
  });

  it("does not follow a symlink or a hardlink out of the workspace", async () => {
    mkdirSync(ws("links"));
    symlinkSync(join(outside.path, "secret.txt"), ws("links/secret-link"));
    symlinkSync(outside.path, ws("links/dir-link"));
    const results = await turn([
      { name: "read", args: { file_path: "links/secret-link" } },
      { name: "edit", args: { file_path: "links/secret-link", old_string: "top", new_string: "no" } },
      { name: "write", args: { file_path: "links/dir-link/planted.txt", content: "x" } },
      { name: "grep", args: { pattern: "secret", path: "links" } },
      { name: "glob", args: { pattern: "**/*", path: "links" } },
      { name: "ls", args: { path: "links/dir-link" } },
    ]);
    expect(results.slice(0, 3).map((r) => r.isError)).toEqual([true, true, true]);
    expect(results[3]!.output).toBe("No matches for /secret/");
    expect(results[5]!.isError).toBe(true);
    expect(JSON.stringify(results)).not.toContain("top secret");
    expect(existsSync(join(outside.path, "planted.txt"))).toBe(false);
    expect(readFileSync(join(outside.path, "secret.txt"), "utf8")).toBe("top secret\n");
  });

  it("never writes through a hardlink to a file outside: edit replaces the link with a new file", async () => {
    linkSync(join(outside.path, "secret.txt"), ws("hard.txt"));
    const r = await call("edit", { file_path: "hard.txt", old_string: "top", new_string: "no" });
    expect(r.isError).toBe(false);
    expect(readFileSync(ws("hard.txt"), "utf8")).toBe("no secret\n");
    expect(readFileSync(join(outside.path, "secret.txt"), "utf8")).toBe("top secret\n");
  });

  it("never reads through a folder swapped for a symlink while the tool runs", async () => {
    mkdirSync(ws("race/real"), { recursive: true });
    writeFileSync(ws("race/real/secret.txt"), "harmless\n");
    // Swaps race/dir between a real folder and a symlink to the outside, as fast as it can.
    const swapper = spawn(process.execPath, [
      "-e",
      `const fs = require("fs");
       const dir = ${JSON.stringify(ws("race/dir"))}, real = ${JSON.stringify(ws("race/real"))}, out = ${JSON.stringify(outside.path)};
       for (;;) {
         try { fs.symlinkSync(real, dir + ".new"); fs.renameSync(dir + ".new", dir); } catch {}
         try { fs.symlinkSync(out, dir + ".new"); fs.renameSync(dir + ".new", dir); } catch {}
       }`,
    ]);
    try {
      // Node takes longer to start than 150 reads take on an idle machine: race only once it swaps.
      await expect.poll(() => existsSync(ws("race/dir"))).toBe(true);
      const results = await turn(Array.from({ length: 150 }, () => ({ name: "read", args: { file_path: "race/dir/secret.txt" } })));
      const outputs = [...new Set(results.map((r) => r.output))];
      expect(outputs.some((o) => o.includes("harmless")), outputs.join("\n")).toBe(true);
      expect(results.filter((r) => r.output.includes("top secret"))).toEqual([]);
    } finally {
      swapper.kill("SIGKILL");
    }
  });
});

describe("what is not a regular file", () => {
  it("refuses FIFOs at once, with a clear error: four of them no longer fill the thread pool", async () => {
    for (const n of [1, 2, 3, 4, 5]) execFileSync("mkfifo", [ws(`fifo${n}`)]);
    const started = Date.now();
    const results = await Promise.all([
      call("read", { file_path: "fifo1" }),
      call("edit", { file_path: "fifo2", old_string: "a", new_string: "b" }),
      call("grep", { pattern: "x", path: "fifo3" }),
      call("read", { file_path: "fifo4" }),
      call("write", { file_path: "fifo5", content: "x" }),
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
    for (const r of [results[0]!, results[1]!, results[3]!, results[4]!]) {
      expect(r).toMatchObject({ isError: true, output: expect.stringMatching(/is a FIFO/) });
    }
    // grep searches regular files only, and says so.
    expect(results[2]!.output).toBe("No matches for /x/");
    expect(execFileSync("stat", ["-c", "%F", ws("fifo5")], { encoding: "utf8" }).trim()).toBe("fifo");
  });

  it("refuses sockets and devices", async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(ws("sock"), resolve));
    execFileSync("mknod", [ws("zero"), "c", "1", "5"]);
    try {
      const results = await turn([
        { name: "read", args: { file_path: "sock" } },
        { name: "read", args: { file_path: "zero" } },
        { name: "edit", args: { file_path: "zero", old_string: "a", new_string: "b" } },
        { name: "grep", args: { pattern: ".", path: ".", glob: "zero" } },
      ]);
      expect(results[0]).toMatchObject({ isError: true, output: expect.stringContaining("sock is a socket") });
      expect(results[1]).toMatchObject({ isError: true, output: expect.stringContaining("zero is a character device") });
      expect(results[2]).toMatchObject({ isError: true, output: expect.stringContaining("zero is a character device") });
      expect(results[3]!.output).toBe("No matches for /./");
    } finally {
      server.close();
    }
  });

  it("refuses to edit a huge file, leaving it as it was", async () => {
    const huge = "a".repeat(6 * 1024 * 1024);
    writeFileSync(ws("huge-edit.txt"), huge);
    const r = await call("edit", { file_path: "huge-edit.txt", old_string: "aaaa", new_string: "b", replace_all: true });
    expect(r).toMatchObject({ isError: true, output: expect.stringContaining("too large to edit") });
    expect(readFileSync(ws("huge-edit.txt"), "utf8")).toBe(huge);
  });

  it("refuses binary files in read and edit, and grep skips them", async () => {
    writeFileSync(ws("blob.bin"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x61]));
    const results = await turn([
      { name: "read", args: { file_path: "blob.bin" } },
      { name: "edit", args: { file_path: "blob.bin", old_string: "a", new_string: "b" } },
      { name: "grep", args: { pattern: "ELF", glob: "*.bin" } },
    ]);
    expect(results[0]).toMatchObject({ isError: true, output: expect.stringContaining("blob.bin is a binary file") });
    expect(results[1]).toMatchObject({ isError: true, output: expect.stringContaining("blob.bin is a binary file") });
    expect(results[2]!.output).toBe("No matches for /ELF/");
    expect(readFileSync(ws("blob.bin"))).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x61]));
  });
});
