// `guest push` / `guest pull` against a real registry (Debian's docker-registry): a guest made
// of real files (small, so the test stays quick) goes up as an OCI artifact and comes back
// into another cache; what the registry serves is verified before anything is kept or used.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ImageStore } from "../runtime/image";
import type { GuestArtifacts } from "../runtime/vm/guest-artifacts";
import { ensureGuestArtifacts } from "../runtime/vm/guest-artifacts";
import { pullGuest, pushGuest } from "../runtime/vm/guest-oci";
import { buildImage } from "./support/oci-builder";
import { fakeGuest } from "./support/fake-guest";
import { TestRegistry } from "./support/registry";

let registry: TestRegistry;
let work: string;
let guest: GuestArtifacts;
let digest: string;
const store = () => new ImageStore({ root: mkdtempSync(join(work, "store-")) });
const cache = () => mkdtempSync(join(work, "cache-"));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "a3s-guest-oci-"));
  registry = await TestRegistry.start();
  guest = fakeGuest(join(work, "built"), "arm64");
  digest = await pushGuest(guest, `${registry.host}/a3s/guest:arm64`, { store: store() });
});

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

it("pushes the guest as an OCI artifact and pulls it into another cache, the same bytes and tree", async () => {
  expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
  const manifest = (await (await fetch(`http://${registry.host}/v2/a3s/guest/manifests/arm64`, { headers: { Accept: "application/vnd.oci.image.manifest.v1+json" } })).json()) as { artifactType: string; layers: unknown[] };
  expect(manifest.artifactType).toBe("application/vnd.a3s.box.guest.v1");
  expect(manifest.layers).toHaveLength(6);

  const cacheDir = cache();
  const progress: string[] = [];
  const pulled = await pullGuest(`${registry.host}/a3s/guest@${digest}`, cacheDir, { store: store(), arch: "arm64", onProgress: (m) => progress.push(m) });
  expect(pulled.arch).toBe("arm64");
  expect(pulled.kernelRelease).toBe("6.1.0-57-arm64");
  expect(pulled.kernel.endsWith("/Image")).toBe(true);
  for (const part of ["kernel", "initramfs", "floorInitramfs", "agentImage"] as const) expect(readFileSync(pulled[part]).equals(readFileSync(guest[part]))).toBe(true);
  expect(readFileSync(join(pulled.agentLayer, "agent.cjs"), "utf8")).toBe("console.log('agent')\n");
  expect(readlinkSync(join(pulled.agentLayer, "lib/ld.so"))).toBe("ld-linux-aarch64.so.1");
  expect(existsSync(join(pulled.rootfs!, "usr/bin/bash"))).toBe(true);
  expect(progress.some((m) => m.startsWith("downloaded sha256:"))).toBe(true);
  // What a host without apt boots from.
  expect(await ensureGuestArtifacts({ cacheDir, arch: "arm64", source: "pulled" })).toEqual(pulled);
});

it("refuses a blob the registry serves altered, keeping nothing", async () => {
  await pushGuest({ ...guest, kernelRelease: "tampered" }, `${registry.host}/a3s/tampered:arm64`, { store: store() });
  const manifest = (await (await fetch(`http://${registry.host}/v2/a3s/tampered/manifests/arm64`, { headers: { Accept: "application/vnd.oci.image.manifest.v1+json" } })).json()) as { config: { digest: string } };
  const blob = registry.blobDataPath(manifest.config.digest);
  writeFileSync(blob, readFileSync(blob, "utf8").replace("tampered", "tamperex"));
  const cacheDir = cache();
  const images = store();
  await expect(pullGuest(`${registry.host}/a3s/tampered:arm64`, cacheDir, { store: images })).rejects.toThrow(/sha256|digest|verif/i);
  expect(existsSync(join(cacheDir, "pulled"))).toBe(false);
  expect(images.hasBlob(manifest.config.digest)).toBe(false);
  expect(readdirSync(images.tmpDir)).toEqual([]);
});

it("refuses a guest for another architecture and an image that is no guest, by name", async () => {
  await expect(pullGuest(`${registry.host}/a3s/guest:arm64`, cache(), { store: store(), arch: "x86_64" })).rejects.toThrow("is a guest for arm64, not x86_64");
  const image = buildImage({ layers: [[{ path: "etc/os-release", data: "ID=test\n" }]] });
  await registry.pushImage("a3s/not-a-guest", "1", image);
  await expect(pullGuest(`${registry.host}/a3s/not-a-guest:1`, cache(), { store: store() })).rejects.toThrow(/is not an A3S Box guest/);
});

it("will not boot a pulled guest whose files changed since, nor one that was never pulled", async () => {
  const cacheDir = cache();
  const pulled = await pullGuest(`${registry.host}/a3s/guest:arm64`, cacheDir, { store: store() });
  appendFileSync(pulled.initramfs, "tampered");
  await expect(ensureGuestArtifacts({ cacheDir, arch: "arm64", source: "pulled" })).rejects.toThrow(/initramfs .* no longer matches sha256:/);
  await expect(ensureGuestArtifacts({ cacheDir: cache(), arch: "arm64", source: "pulled" })).rejects.toThrow(/no guest for arm64 is here: .*a3s-box guest pull REF/);
});
