import { mkdtemp, readdir, readFile, stat, symlink, writeFile, chmod, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonFile, writeFileAtomic, writeJsonAtomic } from "./atomic-file";
import { isInside, realPathOf } from "./confine-path";
import { withFileLock } from "./file-lock";
import { isProcessAlive } from "./process-alive";
import { bearerToken, tokenMatches } from "./token";

const scratch = () => mkdtemp(join(tmpdir(), "a3s-node-layer-"));

describe("atomic files", () => {
  it("replaces content, keeps an existing file's mode and leaves no temporary", async () => {
    const dir = await scratch();
    const file = join(dir, "run.sh");
    await writeFile(file, "old");
    await chmod(file, 0o750);
    await writeFileAtomic(file, "new");
    expect(await readFile(file, "utf8")).toBe("new");
    expect((await stat(file)).mode & 0o777).toBe(0o750);
    await writeJsonAtomic(join(dir, "secret.json"), { a: 1 }, { mode: 0o600 });
    expect((await stat(join(dir, "secret.json"))).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(["run.sh", "secret.json"]);
  });

  it("removes its temporary when the write fails", async () => {
    const dir = await scratch();
    await mkdir(join(dir, "taken"));
    await expect(writeFileAtomic(join(dir, "taken"), "x")).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["taken"]);
  });

  it("reads JSON: missing is undefined, corrupt names the file", async () => {
    const dir = await scratch();
    expect(await readJsonFile(join(dir, "none.json"))).toBeUndefined();
    await writeFile(join(dir, "bad.json"), "{");
    await expect(readJsonFile(join(dir, "bad.json"))).rejects.toThrow(`${join(dir, "bad.json")} is not valid JSON`);
  });
});

describe("path confinement", () => {
  it("is lexical in isInside and follows symlinks in realPathOf", async () => {
    const dir = await scratch();
    expect(isInside("/a/b", "/a/b")).toBe(true);
    expect(isInside("/a/b", "/a/b/..c")).toBe(true);
    expect(isInside("/a/b", "/a/bc")).toBe(false);
    expect(isInside("/a/b", "/a")).toBe(false);
    await mkdir(join(dir, "root"));
    await symlink("/etc", join(dir, "root", "out"));
    expect(realPathOf(join(dir, "root", "out", "not-yet", "file"))).toBe("/etc/not-yet/file");
  });
});

describe("tokens", () => {
  it("matches only the exact secret", () => {
    expect(tokenMatches("abc", "abc")).toBe(true);
    expect(tokenMatches("abd", "abc")).toBe(false);
    expect(tokenMatches("ab", "abc")).toBe(false);
    expect(tokenMatches(undefined, "abc")).toBe(false);
    expect(tokenMatches("", "")).toBe(false);
    expect(bearerToken("Bearer t0k")).toBe("t0k");
    expect(bearerToken("Basic t0k")).toBeUndefined();
  });
});

describe("file lock and process liveness", () => {
  it("runs holders one at a time", async () => {
    const lock = join(await scratch(), "x.lock");
    const order: string[] = [];
    const hold = (name: string, ms: number) =>
      withFileLock(lock, async () => {
        order.push(`${name}+`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        order.push(`${name}-`);
      });
    await Promise.all([hold("a", 100), hold("b", 0)]);
    // Either may take it first (taking it is a race of two mkdirs); neither may start inside the other.
    expect([["a+", "a-", "b+", "b-"], ["b+", "b-", "a+", "a-"]]).toContainEqual(order);
  });

  it("knows this process is alive and nonsense pids are not", () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(-1)).toBe(false);
    expect(isProcessAlive(2 ** 22 + 1)).toBe(false);
  });
});
