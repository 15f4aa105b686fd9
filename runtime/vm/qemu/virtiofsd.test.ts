import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { findVirtiofsd, startVirtiofsd, virtiofsdCommand } from "./virtiofsd";

const dir = mkdtempSync(join(tmpdir(), "virtiofsd-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const binary = findVirtiofsd();

it("runs the daemon in a private /run, in a user namespace of its own unless root, with no device nodes for the guest", () => {
  const options = { binary: "/vfsd", source: "/a,b", socketPath: "/s.sock", cache: "none" as const };
  const [command, rootArgs] = virtiofsdCommand(options, true);
  expect(command).toBe("unshare");
  expect(rootArgs.slice(0, 3)).toEqual(["-m", "--propagation", "private"]);
  expect(rootArgs).toContain("source=/a\\,b");
  expect(rootArgs).toContain("cache=none");
  expect(rootArgs).toContain("modcaps=-mknod");
  expect(virtiofsdCommand(options, false)[1].slice(0, 3)).toEqual(["-U", "-r", "-m"]);
});

it.skipIf(!binary)("starts virtiofsd for a folder until it is killed", async () => {
  const socketPath = join(dir, "ok.sock");
  const daemon = await startVirtiofsd({ binary: binary!, source: dir, socketPath, cache: "none", logPath: join(dir, "ok.log") });
  expect(existsSync(socketPath)).toBe(true);
  await daemon.kill();
  await daemon.exited;
});

it.skipIf(!binary)("says which share failed, with the daemon's words, when the folder is missing", async () => {
  const source = join(dir, "missing");
  await expect(startVirtiofsd({ binary: binary!, source, socketPath: join(dir, "bad.sock"), cache: "none", logPath: join(dir, "bad.log") })).rejects.toMatchObject({
    code: "VM_UNAVAILABLE",
    message: expect.stringMatching(new RegExp(`virtiofsd for ${source}\\) did not start: .*(No such file|not exist|source)`, "s")),
  });
});
