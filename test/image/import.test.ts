// Imports OCI layouts and docker archives: ones skopeo writes (a tool independent of ours,
// copying from a real registry) and ones this test builds with whiteouts across layers.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { A3sError } from "../../common/errors";
import { ImageStore, importImage, prepareRootfs } from "../../runtime/image";
import { buildImage, writeOciLayout } from "../support/oci-builder";
import { TestRegistry } from "../support/registry";

let registry: TestRegistry;
let work: string;
let count = 0;
const newStore = () => new ImageStore({ root: join(work, `store-${count++}`) });

const image = buildImage({
  layers: [
    [{ path: "app/", type: "Directory" }, { path: "app/old.txt", data: "old" }, { path: "app/keep.txt", data: "keep" }, { path: "cache/a", data: "a" }],
    [{ path: "app/.wh.old.txt" }, { path: "cache/.wh..wh..opq" }, { path: "cache/b", data: "b" }, { path: "app/new.txt", data: "new" }],
  ],
  config: { Cmd: ["/app/run"], Labels: { "box.a3s.agent.role": "tester" } },
});

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "a3s-import-"));
  registry = await TestRegistry.start();
  await registry.pushImage("test/imp", "1", image);
});

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

function skopeo(dest: string): void {
  execFileSync("skopeo", ["--insecure-policy", "copy", "--quiet", "--src-tls-verify=false", `docker://${registry.host}/test/imp:1`, dest], { stdio: "pipe" });
}

async function expectImageFiles(store: ImageStore, ref: string): Promise<void> {
  const prepared = await prepareRootfs(ref, { store, pull: "never" });
  expect(readdirSync(join(prepared.rootfsDir, "app")).sort()).toEqual(["keep.txt", "new.txt"]);
  expect(readdirSync(join(prepared.rootfsDir, "cache"))).toEqual(["b"]);
  expect(prepared.config.cmd).toEqual(["/app/run"]);
  expect(prepared.config.agent).toEqual({ role: "tester" });
  prepared.release();
}

it("imports an OCI layout written by skopeo, with whiteouts applied", async () => {
  const layout = join(work, "skopeo-layout");
  skopeo(`oci:${layout}:v1`);
  const store = newStore();
  const imported = await importImage(store, layout, { tag: "example.com/imp:v1" });
  expect(imported).toEqual([{ digest: expect.stringMatching(/^sha256:/), refs: ["example.com/imp:v1"] }]);
  await expectImageFiles(store, "example.com/imp:v1");
}, 120_000);

it("imports a docker archive written by skopeo, named by its RepoTags", async () => {
  const archive = join(work, "image.tar");
  skopeo(`docker-archive:${archive}:saved/imp:2`);
  const store = newStore();
  const [imported] = await importImage(store, archive);
  expect(imported!.refs).toEqual(["docker.io/saved/imp:2"]);
  await expectImageFiles(store, "saved/imp:2");

  const gzipped = join(work, "image.tar.gz");
  writeFileSync(gzipped, gzipSync(readFileSync(archive)));
  const again = await importImage(store, gzipped, { tag: "local/imp:gz" });
  expect(again[0]!.digest).toBe(imported!.digest);
}, 120_000);

it("imports an OCI layout folder and an OCI layout archive", async () => {
  const layout = join(work, "own-layout");
  writeOciLayout(layout, image, "registry.example/own:1");
  const store = newStore();
  const [fromDir] = await importImage(store, layout);
  expect(fromDir).toEqual({ digest: image.manifest.digest, refs: ["registry.example/own:1"] });
  await expectImageFiles(store, "registry.example/own:1");

  const archive = join(work, "layout.tar");
  execFileSync("tar", ["-cf", archive, "-C", layout, "."]);
  const other = newStore();
  const [fromTar] = await importImage(other, archive, { tag: "x/own:tar" });
  expect(fromTar!.digest).toBe(image.manifest.digest);
});

it("refuses a layout whose blob does not match its digest, storing nothing", async () => {
  const layout = join(work, "bad-layout");
  writeOciLayout(layout, image, "bad/one:1");
  const layer = image.layers[1]!;
  const path = join(layout, "blobs/sha256", layer.digest.slice(7));
  const data = Buffer.from(readFileSync(path));
  data[20]! ^= 1;
  writeFileSync(path, data);
  const store = newStore();
  const error = await importImage(store, layout).catch((e: unknown) => e);
  expect(A3sError.is(error, "IMAGE_ERROR")).toBe(true);
  expect((error as Error).message).toContain(`blob ${layer.digest} failed verification`);
  expect(store.readIndex().images).toEqual({});
  expect(readdirSync(store.blobsDir)).toEqual([]);
  expect(readdirSync(store.tmpDir)).toEqual([]);
  await expect(importImage(store, join(work, "missing"))).rejects.toThrow(/no such file or folder/);
});
