// guest/init/business-root for real, with busybox's sh and real mounts in a private mount
// namespace of this host (unshare): the root attach builds for business code (and
// rehearse-attach builds on scratch folders while a pooled VM waits).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const functions = join(import.meta.dirname, "../guest/init/business-root");
const base = mkdtempSync(join(tmpdir(), "business-root-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Sources business-root, builds ROOT from LOWER and WORKSPACE, then runs `probe`; returns its status and output. */
function build(name: string, probe: string, workspace?: string): { status: number | null; output: string; dir: string } {
  const dir = join(base, name);
  for (const d of ["lower/etc", "rw", "root", "ws"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "lower/etc/os-release"), "ID=test\n");
  writeFileSync(join(dir, "ws/notes.txt"), "the box's work\n");
  const script = `. "$0" && business_root "$1/lower" "$1/rw" "$1/root" "$2" || exit 9; cd "$1/root" && ${probe}`;
  const run = spawnSync("unshare", ["-m", "--propagation", "private", "busybox", "sh", "-c", script, functions, dir, workspace ?? join(dir, "ws")], { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, dir };
}

it("builds the image under a writable layer in memory, with the workspace, the devices, a read-only sysfs and an empty /tmp", () => {
  const { status, output, dir } = build(
    "root",
    [
      "cat etc/os-release workspace/notes.txt",
      "echo changed > etc/os-release && echo written > workspace/new.txt",
      "[ -c dev/null ] && echo devices",
      // Mount options: root may not create files in sysfs either way.
      `grep -q " $PWD/sys ro," /proc/self/mountinfo && echo sys read-only`,
      "stat -c 'tmp %a' tmp && ls -A tmp",
    ].join(" && "),
  );
  expect(output).toContain("ID=test\nthe box's work\ndevices\nsys read-only\ntmp 1777\n");
  expect(status).toBe(0);
  // The image stays as it was; the workspace is the box's, written through.
  expect(readFileSync(join(dir, "lower/etc/os-release"), "utf8")).toBe("ID=test\n");
  expect(readFileSync(join(dir, "ws/new.txt"), "utf8")).toBe("written\n");
});

it("fails when a mount fails (a workspace that is not there)", () => {
  const { status } = build("missing", "true", join(base, "no-such-workspace"));
  expect(status).toBe(9);
});
