// Hostile images: bombs, oversized metadata, set-id files and the wrong architecture, from a
// real registry (Debian's docker-registry) or, where a registry would refuse to hold the
// attack, from a hostile HTTP server speaking the distribution protocol. Each case checks
// the error names the cap or the problem and the store is left as it was.
import { once } from "node:events";
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImageStore, importImage, prepareRootfs, pullImage, type ImageStoreOptions } from "../../runtime/image";
import { tempDir } from "../helpers/agent-process";
import { buildImage, writeOciLayout } from "../support/oci-builder";
import { TestRegistry } from "../support/registry";

const MiB = 1024 * 1024;
let registry: TestRegistry;
const work = tempDir("a3s-image-sec-");
let stores = 0;
const newStore = (options: Omit<ImageStoreOptions, "root"> = {}) => new ImageStore({ root: join(work.path, `store-${++stores}`), ...options });

const bomb = buildImage({ layers: [[{ path: "zeros.bin", data: Buffer.alloc(64 * MiB) }]] });
const setid = buildImage({
  layers: [[
    { path: "bin/", type: "Directory" },
    { path: "bin/su", data: "#!/bin/sh\n", mode: 0o4755 },
    { path: "bin/wall", data: "#!/bin/sh\n", mode: 0o2755 },
    { path: "tmp/", type: "Directory", mode: 0o1777 },
  ]],
});
const arm64Only = buildImage({ architecture: "arm64", layers: [[{ path: "arch.txt", data: "arm64" }]] });
const twoLayers = buildImage({ layers: [[{ path: "a.txt", data: "a".repeat(4096) }], [{ path: "b.txt", data: "b".repeat(4096) }]] });

beforeAll(async () => {
  registry = await TestRegistry.start();
  await registry.pushImage("test/bomb", "latest", bomb);
  await registry.pushImage("test/setid", "latest", setid);
  await registry.pushImage("test/arm64", "latest", arm64Only);
  await registry.pushImage("test/two", "latest", twoLayers);
});

afterAll(async () => {
  await registry?.stop();
  work.remove();
});

const ref = (path: string) => `${registry.host}/${path}`;

/** The store holds no image, no blob, no rootfs and no temporary file. */
function expectUnchanged(store: ImageStore): void {
  expect(store.readIndex()).toMatchObject({ refs: {}, images: {}, rootfs: {} });
  expect(readdirSync(store.blobsDir, { recursive: true }).filter((f) => lstatSync(join(store.blobsDir, String(f))).isFile())).toEqual([]);
  expect(readdirSync(store.tmpDir)).toEqual([]);
  expect(readdirSync(store.rootfsDir)).toEqual([]);
}

describe("caps", () => {
  it("refuses a decompression bomb at unpack, naming the cap, and keeps no rootfs", async () => {
    expect(bomb.layers[0]!.size).toBeLessThan(MiB);
    const store = newStore({ limits: { maxLayerUnpackedBytes: 16 * MiB } });
    await pullImage(ref("test/bomb:latest"), { store });
    await expect(prepareRootfs(ref("test/bomb:latest"), { store, pull: "never" })).rejects.toThrow(/unpacks to more than 16 MiB.*maxLayerUnpackedBytes/);
    expect(readdirSync(store.rootfsDir)).toEqual([]);
    expect(store.readIndex().rootfs).toEqual({});
  });

  it("refuses layers and configs over their caps, and a total over its cap, before downloading them", async () => {
    const cases: Array<[ImageStoreOptions["limits"], RegExp]> = [
      [{ maxLayerBytes: twoLayers.layers[0]!.size - 1 }, /layer sha256:\w+ of .*: \d+ bytes, over maxLayerBytes \(\d+ B\)/],
      [{ maxConfigBytes: 64 }, /config sha256:\w+ of .*: \d+ bytes, over maxConfigBytes \(64 B\)/],
      [{ maxTotalBytes: twoLayers.layers[0]!.size + twoLayers.layers[1]!.size - 1 }, /the layers of .* together: \d+ bytes, over maxTotalBytes \(\d+ B\)/],
    ];
    for (const [limits, message] of cases) {
      const store = newStore({ limits });
      await expect(pullImage(ref("test/two:latest"), { store })).rejects.toThrow(message);
      expectUnchanged(store);
    }
  });

  it("applies the same caps to an imported OCI layout", async () => {
    const layout = join(work.path, "layout");
    writeOciLayout(layout, twoLayers, "capped");
    const store = newStore({ limits: { maxLayerBytes: twoLayers.layers[0]!.size - 1 } });
    await expect(importImage(store, layout)).rejects.toThrow(/over maxLayerBytes/);
    expectUnchanged(store);
  });

  it("stops reading a manifest at the cap instead of buffering it whole", async () => {
    let sent = 0;
    const server = createServer((req, res) => {
      if (!req.url?.includes("/manifests/")) return void res.writeHead(404).end();
      // No content-length: a chunked body of 64 MiB, for a client that trusts what it reads.
      res.writeHead(200, { "content-type": "application/vnd.oci.image.manifest.v1+json" });
      const piece = Buffer.alloc(MiB, 0x20);
      const pump = () => {
        while (sent < 64 * MiB) {
          sent += piece.length;
          if (!res.write(piece)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const store = newStore();
      const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
      await expect(pullImage(`${host}/test/huge:latest`, { store })).rejects.toThrow(/manifest .* is larger than maxManifestBytes \(4 MiB\)/);
      expect(sent).toBeLessThan(32 * MiB);
      expectUnchanged(store);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("registry behaviour", () => {
  it("does not send the registry's credentials to another host it redirects a blob to", async () => {
    const image = buildImage({ layers: [[{ path: "r.txt", data: "redirected" }]] });
    const seen: Array<{ server: string; authorization?: string }> = [];
    const blobHost = createServer((req, res) => {
      seen.push({ server: "blob host", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      const blob = [image.config, ...image.layers].find((b) => req.url?.endsWith(b.digest));
      if (!blob) return void res.writeHead(404).end();
      res.writeHead(200, { "content-length": String(blob.size) }).end(blob.data);
    });
    const registryHost = createServer((req, res) => {
      seen.push({ server: "registry", ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      if (!req.headers.authorization) return void res.writeHead(401, { "www-authenticate": 'Basic realm="test"' }).end();
      if (req.url?.includes("/manifests/")) {
        return void res.writeHead(200, { "content-type": image.manifest.mediaType, "content-length": String(image.manifest.size) }).end(image.manifest.data);
      }
      const port = (blobHost.address() as { port: number }).port;
      res.writeHead(307, { location: `http://localhost:${port}${req.url}` }).end();
    });
    for (const server of [blobHost, registryHost]) {
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
    }
    try {
      const store = newStore();
      const host = `127.0.0.1:${(registryHost.address() as { port: number }).port}`;
      await pullImage(`${host}/test/redirect:latest`, { store, credentials: { username: "user", password: "s3cret" } });
      expect(seen.filter((s) => s.server === "blob host")).toHaveLength(2);
      expect(seen.filter((s) => s.server === "blob host" && s.authorization)).toEqual([]);
      expect(seen.some((s) => s.server === "registry" && s.authorization)).toBe(true);
    } finally {
      for (const server of [blobHost, registryHost]) {
        server.closeAllConnections();
        server.close();
      }
    }
  });

  it("refuses a blob whose content does not match its digest, storing nothing", async () => {
    const image = buildImage({ layers: [[{ path: "m.txt", data: "mismatch" }]] });
    const server = createServer((req, res) => {
      if (req.url?.includes("/manifests/")) {
        return void res.writeHead(200, { "content-type": image.manifest.mediaType, "content-length": String(image.manifest.size) }).end(image.manifest.data);
      }
      const blob = [image.config, ...image.layers].find((b) => req.url?.endsWith(b.digest))!;
      const forged = Buffer.from(blob.data);
      forged[forged.length - 1]! ^= 0xff;
      res.writeHead(200, { "content-length": String(forged.length) }).end(forged);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const store = newStore();
      const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
      await expect(pullImage(`${host}/test/forged:latest`, { store })).rejects.toThrow(/digest|verification/i);
      expectUnchanged(store);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("metadata", () => {
  it("does not keep setuid and setgid bits on the host's copy (the sticky bit stays)", async () => {
    const store = newStore();
    const prepared = await prepareRootfs(ref("test/setid:latest"), { store });
    try {
      expect(lstatSync(join(prepared.rootfsDir, "bin/su")).mode & 0o7777).toBe(0o755);
      expect(lstatSync(join(prepared.rootfsDir, "bin/wall")).mode & 0o7777).toBe(0o755);
      expect(lstatSync(join(prepared.rootfsDir, "tmp")).mode & 0o7777).toBe(0o1777);
    } finally {
      prepared.release();
    }
  });

  it("refuses a single-platform image for another architecture at pull, naming both", async () => {
    const store = newStore();
    await expect(pullImage(ref("test/arm64:latest"), { store, platform: { os: "linux", architecture: "amd64" } })).rejects.toThrow(
      /is for linux\/arm64.*linux\/amd64/,
    );
    expectUnchanged(store);
    expect(existsSync(join(store.root, "index.json")) ? Object.keys(store.readIndex().refs) : []).toEqual([]);
  });
});
