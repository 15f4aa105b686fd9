import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { ErrorCodes } from "../../../common/errors";
import { Workspace } from "./workspace";

const root = realpathSync(mkdtempSync(join(tmpdir(), "a3s-ws-unit-")));
const outside = realpathSync(mkdtempSync(join(tmpdir(), "a3s-out-unit-")));
mkdirSync(join(root, "src/deep"), { recursive: true });
symlinkSync(outside, join(root, "out-link"));
symlinkSync(join(root, "src"), join(root, "in-link"));
const ws = new Workspace(root);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

it("resolves paths inside the workspace, from the cwd, existing or not", () => {
  expect(ws.resolve("a.txt")).toBe(join(root, "a.txt"));
  expect(ws.resolve("x.ts", "src/deep")).toBe(join(root, "src/deep/x.ts"));
  expect(ws.resolve("../b/../c.txt", "src")).toBe(join(root, "c.txt"));
  expect(ws.resolve(join(root, "src"))).toBe(join(root, "src"));
  expect(ws.resolve("in-link/new/file.txt")).toBe(join(root, "in-link/new/file.txt"));
  expect(ws.relative(join(root, "src/deep"))).toBe("src/deep");
  expect(ws.relative(root)).toBe(".");
});

it.each([
  ["..", ""],
  ["../x", ""],
  ["x", "../.."],
  ["/etc/passwd", ""],
  ["out-link", ""],
  ["out-link/new/file.txt", ""],
])("refuses %s (cwd %s)", (path, cwd) => {
  expect(() => ws.resolve(path, cwd)).toThrow(expect.objectContaining({ code: ErrorCodes.PATH_OUTSIDE_WORKSPACE }));
});

it("names the symlink's target when one leads out", () => {
  expect(() => ws.resolve("out-link/f")).toThrow(`path "out-link/f" leads outside the workspace through a symbolic link (to ${join(outside, "f")})`);
});

it("refuses writes to protected paths, however they are named, and allows the rest of .git", () => {
  mkdirSync(join(root, ".git/hooks"), { recursive: true });
  mkdirSync(join(root, ".git/objects"), { recursive: true });
  writeFileSync(join(root, ".git/config"), "[core]\n");
  symlinkSync(join(root, ".git/config"), join(root, "config-link"));
  symlinkSync(join(root, ".git"), join(root, "git-link"));
  const guarded = new Workspace(root, [".git/config", ".git/hooks/"]);
  for (const [path, cwd, entry] of [
    [".git/config", "", ".git/config"],
    ["./.git/./config", "", ".git/config"],
    ["../.git/config", "src", ".git/config"],
    ["config-link", "", ".git/config"],
    ["git-link/hooks/pre-commit", "", ".git/hooks/"],
    [".git/hooks", "", ".git/hooks/"],
    [".git/hooks/new/deeper", "", ".git/hooks/"],
  ] as const) {
    expect(() => guarded.resolveForWrite(path, cwd), path).toThrow(expect.objectContaining({ code: ErrorCodes.PERMISSION_DENIED, message: expect.stringContaining(`is a protected path (${entry})`) }));
  }
  expect(guarded.resolveForWrite(".git/objects/ab")).toBe(join(root, ".git/objects/ab"));
  expect(guarded.resolveForWrite(".git/config.lock-not")).toBe(join(root, ".git/config.lock-not"));
  expect(guarded.resolve(".git/config")).toBe(join(root, ".git/config"));
  expect(ws.resolveForWrite(".git/config")).toBe(join(root, ".git/config"));
});
