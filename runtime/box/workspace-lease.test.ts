// Real files and processes: what the guests add to a workspace (played here by writing it as
// guest/init/protect-paths would) stays while any box on it runs and goes with the last one.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_PROTECTED_PATHS } from "../../common/protected-paths";
import { takeLease } from "../../common/node/pid-leases";
import { WorkspaceLease } from "./workspace-lease";

const MADE_GIT_MARKER = "made-git";

const base = mkdtempSync(join(tmpdir(), "workspace-lease-"));
const saved = process.env["A3S_BOX_CACHE"];
beforeAll(() => {
  process.env["A3S_BOX_CACHE"] = join(base, "cache");
});
afterAll(() => {
  if (saved === undefined) delete process.env["A3S_BOX_CACHE"];
  else process.env["A3S_BOX_CACHE"] = saved;
  rmSync(base, { recursive: true, force: true });
});

function workspace(name: string, repo = false): string {
  const ws = join(base, name);
  mkdirSync(ws);
  if (repo) execFileSync("git", ["init", "-q", ws]);
  return ws;
}

const enter = (ws: string, id: string) => WorkspaceLease.join(ws, id, DEFAULT_PROTECTED_PATHS);

it("keeps the stand-in .git while another box runs, and the last box removes it", async () => {
  const ws = workspace("plain");
  const a = await enter(ws, "a");
  mkdirSync(join(ws, ".git"));
  const b = await enter(ws, "b");
  await a.release();
  expect(existsSync(join(ws, ".git"))).toBe(true);
  await b.release();
  expect(existsSync(join(ws, ".git"))).toBe(false);
  expect(readdirSync(join(base, "cache/workspaces")).filter((n) => !n.endsWith(".lock"))).toEqual([]);
});

it("leaves a stand-in the user has since filled, and a .git that was there before", async () => {
  const ws = workspace("filled");
  const a = await enter(ws, "a");
  execFileSync("git", ["init", "-q", ws]);
  await a.release();
  expect(existsSync(join(ws, ".git/HEAD"))).toBe(true);
  const empty = workspace("users-empty");
  mkdirSync(join(empty, ".git"));
  const b = await enter(empty, "b");
  await b.release();
  expect(existsSync(join(empty, ".git"))).toBe(true);
});

it("removes the commondir of \".\" the guests made, after the last box, and nothing else", async () => {
  const ws = workspace("repo", true);
  const a = await enter(ws, "a");
  writeFileSync(join(ws, ".git/commondir"), ".");
  const b = await enter(ws, "b");
  await a.release();
  expect(readFileSync(join(ws, ".git/commondir"), "utf8")).toBe(".");
  await b.release();
  expect(existsSync(join(ws, ".git/commondir"))).toBe(false);

  // One that names another folder is left for the user to see (the next box refuses to start).
  const changed = workspace("repo-changed", true);
  const c = await enter(changed, "c");
  writeFileSync(join(changed, ".git/commondir"), "../.evil\n");
  await c.release();
  expect(readFileSync(join(changed, ".git/commondir"), "utf8")).toBe("../.evil\n");

  // A symbolic link is not followed, even to a file that says ".".
  const linked = workspace("repo-linked", true);
  const d = await enter(linked, "d");
  writeFileSync(join(base, "outside"), ".");
  symlinkSync(join(base, "outside"), join(linked, ".git/commondir"));
  await d.release();
  expect(readFileSync(join(linked, ".git/commondir"), "utf8")).toBe(".");
  expect(existsSync(join(base, "outside"))).toBe(true);

  // One that was there before any box is not the guests'.
  const before = workspace("repo-before", true);
  writeFileSync(join(before, ".git/commondir"), ".");
  const e = await enter(before, "e");
  await e.release();
  expect(existsSync(join(before, ".git/commondir"))).toBe(true);
});

it("does not count a box whose owner died, and adds nothing without protected .git paths", async () => {
  const ws = workspace("dead-owner");
  const child = spawn("node", ["-e", "setTimeout(() => {}, 60000)"]);
  const a = await enter(ws, "a");
  mkdirSync(join(ws, ".git"));
  const key = readdirSync(join(base, "cache/workspaces")).find((n) => !n.endsWith(".lock") && existsSync(join(base, "cache/workspaces", n, MADE_GIT_MARKER)))!;
  takeLease(join(base, "cache/workspaces", key, "boxes"), "dead", child.pid!);
  child.kill("SIGKILL");
  await new Promise((resolve) => child.on("close", resolve));
  await a.release();
  expect(existsSync(join(ws, ".git"))).toBe(false);

  const open = workspace("unprotected");
  const b = await WorkspaceLease.join(open, "b", [".envrc"]);
  mkdirSync(join(open, ".git"));
  await b.release();
  expect(existsSync(join(open, ".git"))).toBe(true);
});
