// A real OCI registry (Debian's docker-registry, distribution 2.8) on a free localhost
// port with its own storage folder, plus a small push client speaking the distribution spec.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Blob, TestImage } from "./oci-builder";

export interface TokenAuthConfig {
  realm: string;
  service: string;
  issuer: string;
  certPath: string;
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

export class TestRegistry {
  private authorization: string | undefined;

  private constructor(
    readonly host: string,
    readonly storage: string,
    private readonly dir: string,
    private readonly process: ChildProcess,
    private readonly login?: { username: string; password: string },
  ) {}

  static async start(options: { tokenAuth?: TokenAuthConfig; login?: { username: string; password: string } } = {}): Promise<TestRegistry> {
    const dir = mkdtempSync(join(tmpdir(), "a3s-registry-"));
    const port = await freePort();
    const auth = options.tokenAuth
      ? `auth:\n  token:\n    realm: ${options.tokenAuth.realm}\n    service: ${options.tokenAuth.service}\n    issuer: ${options.tokenAuth.issuer}\n    rootcertbundle: ${options.tokenAuth.certPath}\n`
      : "";
    writeFileSync(join(dir, "config.yml"), `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "data")}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`);
    const child = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const registry = new TestRegistry(`127.0.0.1:${port}`, join(dir, "data"), dir, child, options.login);
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/v2/`).then((r) => r.status === 200 || r.status === 401, () => false);
      if (ok) return registry;
      if (i > 100 || child.exitCode !== null) {
        await registry.stop();
        throw new Error(`docker-registry did not start: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill("SIGTERM");
      await once(this.process, "exit");
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The file where the registry keeps a blob's bytes (to corrupt it in tests). */
  blobDataPath(digest: string): string {
    const hex = digest.slice(7);
    return join(this.storage, "docker/registry/v2/blobs/sha256", hex.slice(0, 2), hex, "data");
  }

  async pushImage(repository: string, reference: string, image: TestImage): Promise<void> {
    for (const b of [image.config, ...image.layers]) await this.pushBlob(repository, b);
    await this.pushManifest(repository, reference, image.manifest);
  }

  async pushIndex(repository: string, reference: string, index: Blob, images: TestImage[]): Promise<void> {
    for (const image of images) await this.pushImage(repository, image.manifest.digest, image);
    await this.pushManifest(repository, reference, index);
  }

  async pushBlob(repository: string, blob: Blob): Promise<void> {
    const start = await this.call("POST", `/v2/${repository}/blobs/uploads/`, repository);
    if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`);
    const location = new URL(start.headers.get("location")!, `http://${this.host}`);
    location.searchParams.set("digest", blob.digest);
    const put = await this.call("PUT", location.pathname + location.search, repository, blob.data, "application/octet-stream");
    if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  }

  async pushManifest(repository: string, reference: string, manifest: Blob): Promise<void> {
    const put = await this.call("PUT", `/v2/${repository}/manifests/${reference}`, repository, manifest.data, manifest.mediaType);
    if (put.status !== 201) throw new Error(`manifest upload: HTTP ${put.status} ${await put.text()}`);
  }

  private async call(method: string, path: string, repository: string, body?: Buffer, contentType?: string): Promise<Response> {
    const send = () =>
      fetch(`http://${this.host}${path}`, {
        method,
        ...(body ? { body: new Uint8Array(body) } : {}),
        headers: { ...(contentType ? { "Content-Type": contentType } : {}), ...(this.authorization ? { Authorization: this.authorization } : {}) },
      });
    const response = await send();
    if (response.status !== 401) return response;
    const challenge = response.headers.get("www-authenticate") ?? "";
    const realm = /realm="([^"]+)"/.exec(challenge)?.[1];
    const service = /service="([^"]+)"/.exec(challenge)?.[1] ?? "";
    if (!realm || !this.login) return response;
    const url = new URL(realm);
    url.searchParams.set("service", service);
    url.searchParams.set("scope", `repository:${repository}:pull,push`);
    const basic = Buffer.from(`${this.login.username}:${this.login.password}`).toString("base64");
    const token = (await (await fetch(url, { headers: { Authorization: `Basic ${basic}` } })).json()) as { token: string };
    this.authorization = `Bearer ${token.token}`;
    return send();
  }
}
