// `a3s-box guest pull` and `a3s-box doctor` with a pulled guest, as a host without apt uses
// them: the pull from a real registry (Debian's docker-registry) prints a sane number of
// percent lines when stderr is no terminal, and doctor then names the pulled guest that
// boxes will boot (reference, digest, paths); with neither a pulled guest nor a way to build
// one, doctor fails with the pull as the fix.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ImageStore } from "../runtime/image";
import { guestCacheDir } from "../runtime/vm/guest-artifacts";
import { pushGuest } from "../runtime/vm/guest-oci";
import { childEnv } from "./helpers/child-env";
import { fakeGuest } from "./support/fake-guest";
import { TestRegistry } from "./support/registry";

const cli = join(import.meta.dirname, "../dist/cli/main.js");
const work = mkdtempSync(join(tmpdir(), "a3s-guest-pull-doctor-"));
const cache = join(work, "cache");
let registry: TestRegistry;
let ref: string;
let digest: string;

beforeAll(async () => {
  registry = await TestRegistry.start();
  ref = `${registry.host}/a3s/guest:x86_64`;
  // Big enough that the download reports progress many times over.
  const guest = fakeGuest(join(work, "built"), "x86_64", { kernelBytes: 12 * 1024 * 1024 });
  digest = await pushGuest(guest, ref, { store: new ImageStore({ root: join(work, "push-store") }) });
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function cliRun(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const options = { env: { ...childEnv(), A3S_BOX_IMAGE_STORE: join(work, "pull-store"), A3S_QEMU: "/nonexistent/qemu-system-x86_64", ...env }, timeout: 300_000 };
  return promisify(execFile)(process.execPath, [cli, ...args], options).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

type Line = { check: string; status: string; detail: string; fix?: string };
const guestLine = (stdout: string) => (JSON.parse(stdout) as { lines: Line[] }).lines.find((line) => line.check === "guest artifacts");

it("pulls a guest printing a percent line per 10 percent at most on a non-terminal", async () => {
  const pull = await cliRun(["guest", "pull", ref], { A3S_BOX_CACHE: cache });
  expect(pull.code, pull.stderr).toBe(0);
  const percents = pull.stderr.split("\n").filter((line) => /^downloading: \d+% of \d+ bytes$/.test(line));
  const tens = percents.map((line) => Math.floor(Number(/(\d+)%/.exec(line)![1]) / 10));
  expect(percents.length).toBeGreaterThanOrEqual(3);
  expect(percents.length).toBeLessThanOrEqual(10);
  expect(new Set(tens).size).toBe(tens.length);
  expect(pull.stderr).toContain("unpacking kernel");
  expect(JSON.parse(pull.stdout)).toMatchObject({ arch: "x86_64", kernelRelease: "6.1.0-57-amd64" });
}, 300_000);

it("names the pulled guest boxes will boot, with its reference, digest and paths", async () => {
  // Where apt is, the old check resolved packages first: the versions the real cache resolved keep that quick.
  const resolved = join(guestCacheDir(), "resolved");
  if (existsSync(resolved)) cpSync(resolved, join(cache, "resolved"), { recursive: true });
  const report = await cliRun(["doctor", "--json"], { A3S_BOX_CACHE: cache });
  const line = guestLine(report.stdout)!;
  expect(line.status).toBe("ok");
  expect(line.detail).toMatch(new RegExp(`^boxes boot the guest pulled from ${ref} \\(${digest.slice(0, 19)}\\) for x86_64: kernel ${cache}/pulled/x86_64-[0-9a-f]+/vmlinux \\(6\\.1\\.0-57-amd64\\), agent layer ${cache}/pulled/x86_64-[0-9a-f]+/agentLayer, default rootfs `));
}, 300_000);

it("fails with the pull as the fix when no guest was pulled and this host cannot build one", async () => {
  const empty = mkdtempSync(join(work, "empty-cache-"));
  // A PATH without apt-get and dpkg-deb: a host that cannot build guests.
  const report = await cliRun(["doctor", "--json"], { A3S_BOX_CACHE: empty, PATH: mkdtempSync(join(work, "bin-")) });
  expect(report.code).toBe(1);
  expect(guestLine(report.stdout)).toEqual({
    check: "guest artifacts",
    status: "fail",
    detail: "no guest for x86_64: none was pulled, and building a guest needs Debian or Ubuntu with apt, and apt-get and dpkg-deb are not on this host's PATH",
    fix: "pull a prebuilt guest (one pushed from a Debian or Ubuntu host with `a3s-box guest push REF`): `a3s-box guest pull REF`",
  });
}, 300_000);
