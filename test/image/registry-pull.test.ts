// Pulls from a real registry (Debian's docker-registry) on localhost, with images this
// test builds and pushes itself.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A3sError } from "../../common/errors";
import { ImageStore, prepareRootfs, pullImage, hostPlatform, type ImageProgress } from "../../runtime/image";
import { buildImage, buildIndex, type TestImage } from "../support/oci-builder";
import { TestRegistry } from "../support/registry";

let registry: TestRegistry;
let work: string;
const stores: string[] = [];
const newStore = (maxBytes?: number) => {
  const root = join(work, `store-${stores.length}`);
  stores.push(root);
  return new ImageStore({ root, ...(maxBytes ? { maxBytes } : {}) });
};

const app = buildImage({
  layers: [
    [{ path: "etc/", type: "Directory" }, { path: "etc/os-release", data: "ID=a3s-test\n" }, { path: "bin/hello", data: "#!/bin/sh\necho hello\n", mode: 0o755 }],
    [{ path: "srv/app/main.txt", data: "app v1" }, { path: "etc/.wh.os-release" }],
  ],
  config: { Env: ["PATH=/bin", "MODE=test"], Cmd: ["/bin/hello"], WorkingDir: "/srv/app", Labels: { "box.a3s.agent.model.name": "test-model" } },
});
const perArch = (architecture: string) => buildImage({ architecture, layers: [[{ path: "arch.txt", data: architecture }]] });
const amd64 = perArch("amd64");
const arm64 = perArch("arm64");
const dockerTypes = buildImage({ docker: true, layers: [[{ path: "docker.txt", data: "docker v2 schema 2" }]] });
const zstd = buildImage({ compression: "zstd", layers: [[{ path: "z/file.txt", data: "zstd layer ".repeat(1000) }]] });
const big = buildImage({ compression: "none", layers: [[{ path: "big.bin", data: Buffer.alloc(3 * 1024 * 1024, 7) }]] });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "a3s-pull-"));
  registry = await TestRegistry.start();
  await registry.pushImage("test/app", "1.0", app);
  await registry.pushIndex("test/multi", "latest", buildIndex([amd64, arm64]), [amd64, arm64]);
  await registry.pushImage("test/docker", "v2", dockerTypes);
  await registry.pushImage("test/zstd", "latest", zstd);
  await registry.pushImage("test/big", "latest", big);
});

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

const ref = (path: string) => `${registry.host}/${path}`;

describe("pull from a registry", () => {
  it("pulls by tag, verifies every blob, and prepares a rootfs with the image config", async () => {
    const store = newStore();
    const events: ImageProgress[] = [];
    const { digest } = await pullImage(ref("test/app:1.0"), { store, onProgress: (e) => events.push(e) });
    expect(digest).toBe(app.manifest.digest);
    expect(store.readIndex().refs[ref("test/app:1.0")]).toBe(digest);
    for (const b of [app.manifest, app.config, ...app.layers]) expect(readFileSync(store.blobPath(b.digest))).toEqual(b.data);
    expect(events.filter((e) => e.type === "downloaded").length).toBe(3);

    const prepared = await prepareRootfs(ref("test/app:1.0"), { store, pull: "never" });
    expect(readFileSync(join(prepared.rootfsDir, "srv/app/main.txt"), "utf8")).toBe("app v1");
    expect(readFileSync(join(prepared.rootfsDir, "bin/hello"), "utf8")).toContain("echo hello");
    expect(existsSync(join(prepared.rootfsDir, "etc/os-release"))).toBe(false);
    expect(prepared.config).toMatchObject({ env: ["PATH=/bin", "MODE=test"], cmd: ["/bin/hello"], workingDir: "/srv/app", agent: { model: { name: "test-model" } } });
    prepared.release();

    const again: ImageProgress[] = [];
    await pullImage(ref("test/app:1.0"), { store, onProgress: (e) => again.push(e) });
    expect(again.filter((e) => e.type === "downloaded").every((e) => e.type === "downloaded" && e.cached)).toBe(true);
  });

  it("pulls by digest", async () => {
    const store = newStore();
    const byDigest = ref(`test/app@${app.manifest.digest}`);
    const { digest, ref: recorded } = await pullImage(byDigest, { store });
    expect(digest).toBe(app.manifest.digest);
    expect(recorded).toBe(byDigest);
    expect(store.find(byDigest)?.digest).toBe(digest);
  });

  it("picks the right manifest from a multi-platform index", async () => {
    const store = newStore();
    const arm = await pullImage(ref("test/multi:latest"), { store, platform: { os: "linux", architecture: "arm64" } });
    expect(arm.digest).toBe(arm64.manifest.digest);
    const prepared = await prepareRootfs(ref("test/multi:latest"), { store, pull: "never" });
    expect(readFileSync(join(prepared.rootfsDir, "arch.txt"), "utf8")).toBe("arm64");
    prepared.release();

    const host = newStore();
    const { digest } = await pullImage(ref("test/multi:latest"), { store: host });
    const expected: TestImage | undefined = { amd64, arm64 }[hostPlatform().architecture as "amd64" | "arm64"];
    expect(digest).toBe(expected!.manifest.digest);
    await expect(pullImage(ref("test/multi:latest"), { store: newStore(), platform: { os: "linux", architecture: "riscv64" } })).rejects.toThrow(/no variant for linux\/riscv64; it offers: linux\/amd64, linux\/arm64/);
  });

  it("reads Docker v2 media types and zstd layers", async () => {
    const store = newStore();
    const prepared = await prepareRootfs([ref("test/docker:v2"), ref("test/zstd")], { store });
    expect(readFileSync(join(prepared.rootfsDir, "docker.txt"), "utf8")).toBe("docker v2 schema 2");
    expect(readFileSync(join(prepared.rootfsDir, "z/file.txt"), "utf8")).toBe("zstd layer ".repeat(1000));
    expect(prepared.images).toEqual([dockerTypes.manifest.digest, zstd.manifest.digest]);
    prepared.release();
  });

  it("detects a corrupted blob and stores nothing", async () => {
    const corrupt = buildImage({ layers: [[{ path: "data.txt", data: "original content" }]] });
    await registry.pushImage("test/corrupt", "latest", corrupt);
    const layer = corrupt.layers[0]!;
    const tampered = Buffer.from(layer.data);
    tampered[tampered.length - 12]! ^= 0xff;
    writeFileSync(registry.blobDataPath(layer.digest), tampered);

    const store = newStore();
    const error = await pullImage(ref("test/corrupt:latest"), { store }).catch((e: unknown) => e);
    expect(A3sError.is(error, "IMAGE_ERROR")).toBe(true);
    expect((error as Error).message).toContain(`blob ${layer.digest} failed verification`);
    expect(store.readIndex().refs).toEqual({});
    expect(existsSync(store.blobPath(layer.digest))).toBe(false);
    expect(readdirSync(store.blobsDir)).toEqual([]);
    expect(readdirSync(store.tmpDir)).toEqual([]);
  });

  it("resumes an interrupted download with a Range request", async () => {
    const proxy = await flakyProxy(registry.host, big.layers[0]!.digest);
    try {
      const store = newStore();
      const events: ImageProgress[] = [];
      await pullImage(`${proxy.host}/test/big:latest`, { store, onProgress: (e) => events.push(e) });
      expect(readFileSync(store.blobPath(big.layers[0]!.digest)).equals(big.layers[0]!.data)).toBe(true);
      expect(events.some((e) => e.type === "retry")).toBe(true);
      expect(proxy.ranges.length).toBe(1);
      expect(proxy.ranges[0]).toMatch(/^bytes=[1-9]\d*-$/);
    } finally {
      proxy.server.closeAllConnections();
      proxy.server.close();
    }
  });

  it("speaks plain HTTP to a non-local registry only when it is named insecure", async () => {
    const proxy = await flakyProxy(registry.host, "none", "127.0.0.2");
    try {
      const remote = `${proxy.host}/test/app:1.0`;
      await expect(pullImage(remote, { store: newStore() })).rejects.toThrow(`cannot reach https://${proxy.host}`);
      const { digest } = await pullImage(remote, { store: newStore(), insecure: [proxy.host] });
      expect(digest).toBe(app.manifest.digest);
    } finally {
      proxy.server.closeAllConnections();
      proxy.server.close();
    }
  });

  it("names a missing tag and an unreachable registry clearly", async () => {
    await expect(pullImage(ref("test/app:nope"), { store: newStore() })).rejects.toThrow(/not found/);
    await expect(pullImage("registry.invalid/x/y:1", { store: newStore() })).rejects.toThrow(/cannot reach https:\/\/registry\.invalid/);
  });

  it("evicts the least recently used images when the cache is over its limit", async () => {
    const limit = big.manifest.size + big.config.size + big.layers[0]!.size + 100;
    const store = newStore(limit);
    await pullImage(ref("test/app:1.0"), { store });
    const small = await prepareRootfs(ref("test/app:1.0"), { store });
    small.release();
    await pullImage(ref("test/big:latest"), { store });
    const index = store.readIndex();
    expect(Object.keys(index.refs)).toEqual([ref("test/big:latest")]);
    expect(index.rootfs).toEqual({});
    expect(existsSync(small.rootfsDir)).toBe(false);
    for (const b of app.layers) expect(existsSync(store.blobPath(b.digest))).toBe(false);
    expect(store.usage().total).toBeLessThanOrEqual(limit);
  });

  it("keeps a leased rootfs through eviction", async () => {
    const store = newStore(1);
    const prepared = await prepareRootfs(ref("test/app:1.0"), { store });
    await pullImage(ref("test/zstd:latest"), { store });
    expect(existsSync(join(prepared.rootfsDir, "srv/app/main.txt"))).toBe(true);
    expect(store.find(ref("test/app:1.0"))).toBeDefined();
    prepared.release();
    await store.enforceLimit(new Set());
    expect(existsSync(prepared.rootfsDir)).toBe(false);
  });
});

/** A proxy to the registry that cuts the first download of one blob halfway and logs Range headers. */
async function flakyProxy(upstream: string, digest: string, listenHost = "127.0.0.1"): Promise<{ server: Server; host: string; ranges: string[] }> {
  const ranges: string[] = [];
  let cut = false;
  const server = createServer((req, res) => {
    const isBlob = req.url?.includes(`/blobs/${digest}`) ?? false;
    if (isBlob && req.headers.range) ranges.push(req.headers.range);
    const [host, port] = upstream.split(":");
    const upstreamReq = request({ host, port: Number(port), path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      if (isBlob && !cut && !req.headers.range) {
        cut = true;
        let sent = 0;
        up.on("data", (chunk: Buffer) => {
          sent += chunk.length;
          res.write(chunk);
          if (sent > 1024 * 1024) {
            up.destroy();
            res.socket?.destroy();
          }
        });
        return;
      }
      up.pipe(res);
    });
    req.pipe(upstreamReq);
  }).listen(0, listenHost);
  await once(server, "listening");
  return { server, host: `${listenHost}:${(server.address() as { port: number }).port}`, ranges };
}
