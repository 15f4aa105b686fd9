// guest/init/protect-paths for real, with real bind mounts in a private mount namespace of
// this host (unshare): what a box sees of each kind of workspace, under the host's sh and
// mount and under busybox's (the guest's: its mount -a differs). The box test
// (test/vm-security.test.ts) covers a repository end to end; this covers the other kinds.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_PROTECTED_PATHS } from "../common/protected-paths";

const script = join(import.meta.dirname, "../guest/init/protect-paths");
const base = mkdtempSync(join(tmpdir(), "protect-paths-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe.each(["sh", "busybox sh"])("under %s", (shell) => {
  /** Protects `ws`, then runs `probe` in the same mount namespace; returns everything printed. */
  function inBox(ws: string, probe: string, paths = DEFAULT_PROTECTED_PATHS): { status: number | null; output: string } {
    const run = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", `${shell} "$0" "$1" "$2" || exit 9; cd "$1" && ${probe}`, script, ws, paths.join(" ")], {
      encoding: "utf8",
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  }

  function workspace(name: string): string {
    const ws = join(base, `${shell.replace(" ", "-")}-${name}`);
    mkdirSync(ws);
    return ws;
  }

  it("a repository: config, hooks and info read-only, missing hooks and modules created read-only, .git pinned, commits work", () => {
    const ws = workspace("repo");
    execFileSync("git", ["init", "-q", ws]);
    rmSync(join(ws, ".git/hooks"), { recursive: true });
    const { status, output } = inBox(
      ws,
      [
        "echo x >> .git/config",
        "touch .git/hooks/pre-commit",
        "touch .git/info/attributes",
        "mkdir .git/modules/evil",
        "mv .git .git-moved",
        "mv .git/config .git/config-moved",
        "git -c user.name=b -c user.email=b@x commit -q --allow-empty -m in-box && echo COMMITTED",
      ].join("; "),
    );
    expect(status).toBe(0);
    expect(output.match(/Read-only file system/g)).toHaveLength(4);
    expect(output.match(/Device or resource busy/g)).toHaveLength(2);
    expect(output).toContain("COMMITTED");
    expect(readdirSync(join(ws, ".git/hooks"))).toEqual([]);
    expect(execFileSync("git", ["log", "--format=%s"], { cwd: ws, encoding: "utf8" })).toBe("in-box\n");
  });

  it("no repository: an empty read-only .git stands in, so the box cannot create one", () => {
    const ws = workspace("plain");
    writeFileSync(join(ws, "a.txt"), "a\n");
    const { status, output } = inBox(ws, "git init -q; mkdir .git/hooks; echo ok > b.txt && echo WROTE");
    expect(status).toBe(0);
    expect(output).toContain("an empty read-only .git stands in");
    expect(output).toMatch(/Read-only file system/);
    expect(output).toContain("WROTE");
    expect(readdirSync(join(ws, ".git"))).toEqual([]);
  });

  it("a repository: .git/commondir is \".\" and read-only, so host git cannot be pointed at a config the box wrote", () => {
    const ws = workspace("commondir");
    execFileSync("git", ["init", "-q", ws]);
    const planted = join(base, "commondir-planted");
    const { status, output } = inBox(
      ws,
      [
        "mkdir .evil && cp -r .git/objects .git/refs .evil/",
        `printf '[core]\\n\\tfsmonitor = "touch ${planted}; false"\\n' > .evil/config`,
        "echo ../.evil > .git/commondir",
        "rm .git/commondir",
        "git -c user.name=b -c user.email=b@x commit -q --allow-empty -m in-box && echo COMMITTED",
      ].join("; "),
    );
    expect(status).toBe(0);
    expect(output).toMatch(/Read-only file system/);
    expect(output).toMatch(/Device or resource busy/);
    expect(output).toContain("COMMITTED");
    expect(readFileSync(join(ws, ".git/commondir"), "utf8")).toBe(".");
    execFileSync("git", ["status"], { cwd: ws });
    expect(existsSync(planted)).toBe(false);
    expect(execFileSync("git", ["log", "--format=%s"], { cwd: ws, encoding: "utf8" })).toBe("in-box\n");
  });

  it("refuses a repository whose .git/commondir names another folder, telling the user to remove it", () => {
    const ws = workspace("commondir-planted");
    execFileSync("git", ["init", "-q", ws]);
    writeFileSync(join(ws, ".git/commondir"), "../.evil\n");
    const { status, output } = inBox(ws, "true");
    expect(status).toBe(9);
    expect(output).toContain(".git/commondir names another folder");
    expect(output).toContain("remove it on the host");
  });

  it("an empty .git (another box's stand-in) stays empty and read-only", () => {
    const ws = workspace("empty-git");
    mkdirSync(join(ws, ".git"));
    const { status, output } = inBox(ws, "git init -q; touch .git/config; echo ok > b.txt && echo WROTE");
    expect(status).toBe(0);
    expect(output).toContain("an empty read-only .git stands in");
    expect(output).toMatch(/Read-only file system/);
    expect(output).toContain("WROTE");
    expect(readdirSync(join(ws, ".git"))).toEqual([]);
  });

  it("a linked worktree: the .git file cannot be pointed elsewhere", () => {
    const ws = workspace("worktree");
    writeFileSync(join(ws, ".git"), "gitdir: /somewhere/else\n");
    const { output } = inBox(ws, "echo 'gitdir: evil' > .git; mv .git moved");
    expect(output).toMatch(/Read-only file system/);
    expect(output).toMatch(/Device or resource busy/);
  });

  it("refuses a protected path reached through a symbolic link, and protects nothing given no paths", () => {
    const ws = workspace("linked");
    mkdirSync(join(ws, "real-git/hooks"), { recursive: true });
    execFileSync("ln", ["-s", "real-git", join(ws, ".git")]);
    const refused = inBox(ws, "true");
    expect(refused.status).toBe(9);
    expect(refused.output).toContain(".git is a symbolic link");
    const open = inBox(ws, "touch .git/hooks/x && echo FREE", []);
    expect(open.output).toContain("FREE");
  });

  it("boxes started at once on one workspace all protect it (each creates what the others may have just created)", async () => {
    const run = (ws: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn("unshare", ["-m", "--propagation", "private", ...shell.split(" "), script, ws, DEFAULT_PROTECTED_PATHS.join(" ")], { stdio: "ignore" });
        child.on("close", resolve);
      });
    for (let round = 0; round < 5; round++) {
      const repo = workspace(`at-once-${round}`);
      execFileSync("git", ["init", "-q", repo]);
      rmSync(join(repo, ".git/hooks"), { recursive: true });
      const plain = workspace(`at-once-plain-${round}`);
      const statuses = await Promise.all([...Array.from({ length: 8 }, () => run(repo)), ...Array.from({ length: 8 }, () => run(plain))]);
      expect(statuses).toEqual(Array(16).fill(0));
    }
  }, 120_000);
});
