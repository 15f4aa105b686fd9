import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pipe, run, runToFile } from "./exec";

const dir = mkdtempSync(join(tmpdir(), "a3s-exec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the guest builder's process helpers", () => {
  it("run each program in its own process group, so stopping it stops all it started", async () => {
    // Field 5 of /proc/PID/stat is the process group; the program's own pid leads a new one.
    const [pid, group] = (await run("sh", ["-c", 'echo $$ $(cut -d" " -f5 /proc/$$/stat)'])).trim().split(" ");
    expect(group).toBe(pid);
  });

  it("give programs /dev/null for stdin, so one that reads it ends at once", async () => {
    expect(await run("readlink", ["/proc/self/fd/0"])).toBe("/dev/null\n");
    expect(await run("cat", [])).toBe("");
  });

  it("keep the whole output, however long", async () => {
    const out = await run("seq", ["1", "300000"]);
    expect(out.endsWith("\n300000\n")).toBe(true);
    expect(out).not.toContain("truncated");
  });

  it("name a missing program and report a failure's stderr", async () => {
    await expect(run("a3s-no-such-program", [])).rejects.toThrow("a3s-no-such-program is not installed (needed to build the guest)");
    await expect(run("sh", ["-c", "echo broken >&2; exit 3"])).rejects.toThrow(/exit 3\): broken/);
  });

  it("pipe one program into another and fail when either side fails", async () => {
    await pipe(["printf", ["a b\\n"]], ["sh", ["-c", `cat > ${join(dir, "piped")}`]]);
    expect(readFileSync(join(dir, "piped"), "utf8")).toBe("a b\n");
    await expect(pipe(["sh", ["-c", "echo gone >&2; exit 2"]], ["cat", []])).rejects.toThrow(/gone/);
    await expect(pipe(["echo", ["x"]], ["sh", ["-c", "exit 4"]])).rejects.toThrow(/exit 4/);
  });

  it("write a program's stdout to a file, keeping arguments with spaces whole", async () => {
    await runToFile("printf", ["%s|", "one two", "three"], join(dir, "out file"));
    expect(readFileSync(join(dir, "out file"), "utf8")).toBe("one two|three|");
    await expect(runToFile("sh", ["-c", "exit 5"], join(dir, "failed"))).rejects.toThrow(/exit 5/);
  });
});
