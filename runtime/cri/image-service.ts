import { readdir, stat } from "node:fs/promises";
import { A3sError, ErrorCodes } from "../../common/errors";
import { imageConfig, imageSize, parseConfigBlob, parseReference, pullImage, type ImageRecord, type ImageStore } from "../image";
import type { Credentials } from "../image/registry-auth";
import { invalidRequest, type CriHandlers } from "./cri-handlers";
import type { AuthConfig, Image, ImageSpec } from "./cri-types";

export interface ImageServiceOptions {
  store: ImageStore;
  /** Registries (host:port) that may be reached over plain HTTP; localhost always may. */
  insecureRegistries?: string[];
}

/** `runtime.v1.ImageService` on the project's image store (its LRU limit applies to pulls). */
export function imageHandlers({ store, insecureRegistries = [] }: ImageServiceOptions): CriHandlers {
  return {
    ListImages: async (request: { filter: { image: ImageSpec | null } | null }) => {
      const wanted = request.filter?.image?.image;
      const index = store.readIndex();
      const records = wanted ? [store.find(wanted, index)].filter((r) => r !== undefined) : Object.values(index.images);
      return { images: await Promise.all(records.map((record) => toCriImage(store, record))) };
    },
    ImageStatus: async (request: { image: ImageSpec | null; verbose: boolean }) => {
      const record = findImage(store, request.image);
      if (!record) return { image: null, info: {} };
      const image = await toCriImage(store, record);
      const info: Record<string, string> = request.verbose ? { info: JSON.stringify({ source: record.source, platform: record.platform, layers: record.layers.length }) } : {};
      return { image, info };
    },
    PullImage: async (request: { image: ImageSpec | null; auth: AuthConfig | null }) => {
      const reference = requireImage(request.image);
      const credentials = request.auth ? authCredentials(request.auth) : undefined;
      const { digest } = await pullImage(reference, { store, insecure: insecureRegistries, ...(credentials ? { credentials } : {}) });
      return { imageRef: digest };
    },
    RemoveImage: async (request: { image: ImageSpec | null }) => {
      const record = findImage(store, request.image);
      // Removing what is already gone succeeds: kubelet retries removals.
      if (record) await store.remove(record.digest);
      return {};
    },
    ImageFsInfo: async () => ({
      imageFilesystems: [
        {
          timestamp: String(Date.now() * 1_000_000),
          fsId: { mountpoint: store.root },
          usedBytes: { value: String(store.usage().total) },
          inodesUsed: { value: String(await countEntries(store.root)) },
        },
      ],
      containerFilesystems: [],
    }),
  };
}

function requireImage(spec: ImageSpec | null): string {
  const reference = spec?.image?.trim();
  if (!reference) throw invalidRequest("the request names no image (ImageSpec.image is empty)");
  return reference;
}

function findImage(store: ImageStore, spec: ImageSpec | null): ImageRecord | undefined {
  return store.find(requireImage(spec));
}

/** CRI's AuthConfig as basic credentials; tokens are refused by name rather than ignored. */
function authCredentials(auth: AuthConfig): Credentials | undefined {
  if (auth.identityToken || auth.registryToken) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "identity and registry tokens are not supported by a3s-box; give a username and password (or `auth`)");
  }
  if (auth.username || auth.password) return { username: auth.username, password: auth.password };
  if (!auth.auth) return undefined;
  const text = Buffer.from(auth.auth, "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon <= 0) throw invalidRequest("AuthConfig.auth must be base64 of `username:password`");
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

async function toCriImage(store: ImageStore, record: ImageRecord): Promise<Image> {
  const index = store.readIndex();
  const tags = Object.keys(index.refs).filter((ref) => index.refs[ref] === record.digest);
  const repositories = [...new Set(tags.map((ref) => ref.replace(/[:@][^/]*$/, "")))];
  const user = imageConfig(parseConfigBlob(await store.readBlob(record.config.digest))).user;
  const uid = /^\d+/.exec(user)?.[0];
  return {
    id: record.digest,
    repoTags: tags.filter((ref) => parseReference(ref).tag !== undefined),
    repoDigests: repositories.map((name) => `${name}@${record.digest}`),
    size: String(imageSize(record)),
    uid: uid === undefined ? null : { value: uid },
    username: uid === undefined ? user.split(":")[0]! : "",
    spec: { image: record.digest, annotations: {} },
    pinned: false,
  };
}

/** Files and folders under the store (ImageFsInfo's inodes used). */
async function countEntries(root: string): Promise<number> {
  const entries = await readdir(root, { recursive: true }).catch(() => []);
  return entries.length + ((await stat(root).catch(() => undefined)) ? 1 : 0);
}
