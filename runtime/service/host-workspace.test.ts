import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HostWorkspace } from "./host-workspace";
import type { FileChangeEvent } from "./agent-link";

let root: string;
let outside: string;
let workspace: HostWorkspace;

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "a3s-ws-")));
  outside = realpathSync(mkdtempSync(join(tmpdir(), "a3s-outside-")));
  writeFileSync(join(outside, "secret.txt"), "secret");
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src", "a.ts"), "export const a = 1;\n");
  writeFileSync(join(root, "bin.dat"), Buffer.from([1, 0, 2]));
  symlinkSync(outside, join(root, "escape"));
  symlinkSync(join(outside, "secret.txt"), join(root, "src", "leak.txt"));
  workspace = new HostWorkspace(root);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe("HostWorkspace", () => {
  it("lists, reads and writes inside the workspace", async () => {
    expect((await workspace.listDir("")).map((e) => `${e.type}:${e.path}`).sort()).toEqual(["file:bin.dat", "dir:src", "symlink:escape"].sort());
    expect((await workspace.readFile("src/a.ts")).content).toBe("export const a = 1;\n");
    const written = await workspace.writeFile("src/new/b.ts", "b");
    expect(written).toMatchObject({ path: "src/new/b.ts", type: "file", size: 1 });
    expect(readFileSync(join(root, "src/new/b.ts"), "utf8")).toBe("b");
  });

  it("refuses .., absolute paths and symlinks that lead out, naming the path", async () => {
    await expect(workspace.readFile("../x")).rejects.toMatchObject({ code: "PATH_OUTSIDE_WORKSPACE", message: "../x is outside the workspace" });
    await expect(workspace.readFile(join(outside, "secret.txt"))).rejects.toMatchObject({ code: "PATH_OUTSIDE_WORKSPACE" });
    await expect(workspace.readFile("src/leak.txt")).rejects.toMatchObject({ code: "PATH_OUTSIDE_WORKSPACE" });
    await expect(workspace.listDir("escape")).rejects.toMatchObject({ code: "PATH_OUTSIDE_WORKSPACE" });
    await expect(workspace.writeFile("escape/planted.txt", "x")).rejects.toMatchObject({ code: "PATH_OUTSIDE_WORKSPACE" });
    expect(() => readFileSync(join(outside, "planted.txt"))).toThrow();
  });

  it("refuses binary files", async () => {
    await expect(workspace.readFile("bin.dat")).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: "bin.dat is a binary file" });
  });

  it("reports changes below the workspace", async () => {
    const changes: FileChangeEvent[] = [];
    const stop = workspace.watchFiles((c) => changes.push(c), (e) => { throw e; });
    try {
      await new Promise((r) => setTimeout(r, 100));
      writeFileSync(join(root, "src", "c.ts"), "c");
      await expect.poll(() => changes.map((c) => c.path)).toContain("src/c.ts");
    } finally {
      stop();
    }
  });
});
