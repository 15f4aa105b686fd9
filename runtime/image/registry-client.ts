import { A3sError, ErrorCodes } from "../../common/errors";
import { sha256Digest } from "./digest";
import { imageError, imageNotFound } from "./errors";
import { formatBytes } from "./limits";
import { MANIFEST_ACCEPT } from "./manifest";
import { isLocalhost, registryHost, type ImageReference } from "./reference";
import { basicAuthorization, dockerCredentials, parseChallenge, type Credentials } from "./registry-auth";

export interface RegistryOptions {
  /** Registries (host[:port]) that may be reached over plain HTTP; localhost always may. */
  insecure?: string[];
  /** Credentials to use instead of those in ~/.docker/config.json. */
  credentials?: Credentials;
}

/**
 * One repository on one registry, spoken to by the OCI distribution spec. Authenticates
 * on demand: a 401 names the scheme; Bearer fetches a token from the realm (with basic
 * credentials when there are some), Basic sends the credentials.
 */
export class RegistryClient {
  private authorization: string | undefined;
  private readonly base: string;
  private readonly credentials: Credentials | undefined;
  private readonly plainHttpOk: boolean;

  constructor(readonly ref: ImageReference, options: RegistryOptions = {}) {
    this.plainHttpOk = isLocalhost(ref.domain) || (options.insecure ?? []).includes(ref.domain);
    this.base = `${this.plainHttpOk ? "http" : "https"}://${registryHost(ref.domain)}/v2/${ref.repository}`;
    this.credentials = options.credentials ?? dockerCredentials(ref.domain);
  }

  /**
   * A manifest or index by tag or digest, verified against the digest it was asked by or
   * served with. Reading stops as soon as it passes `maxBytes`.
   */
  async manifest(reference: string, maxBytes: number): Promise<{ bytes: Buffer; contentType: string; digest: string }> {
    const response = await this.request(`/manifests/${reference}`, { headers: { Accept: MANIFEST_ACCEPT } });
    const tooLarge = () => imageError(`the manifest ${this.ref.repository}:${reference} is larger than maxManifestBytes (${formatBytes(maxBytes)})`);
    if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of (response.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
      length += chunk.length;
      // Leaving the loop cancels the body, which closes the connection.
      if (length > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks, length);
    const digest = sha256Digest(bytes);
    const served = response.headers.get("docker-content-digest");
    const expected = reference.startsWith("sha256:") ? reference : served?.startsWith("sha256:") ? served : undefined;
    if (expected && expected !== digest) {
      throw imageError(`the manifest ${this.ref.repository}:${reference} failed verification: expected ${expected}, its content hashes to ${digest}`);
    }
    return { bytes, contentType: response.headers.get("content-type") ?? "", digest };
  }

  /** GET a blob, optionally from byte `offset` on (Range); the caller checks for 206. */
  async blob(digest: string, offset: number, signal: AbortSignal): Promise<Response> {
    return this.request(`/blobs/${digest}`, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {}, signal });
  }

  /** Whether the repository already holds the blob (a push skips it then). */
  async hasBlob(digest: string): Promise<boolean> {
    try {
      await this.request(`/blobs/${digest}`, { method: "HEAD", headers: {} });
      return true;
    } catch (error) {
      if (A3sError.is(error, ErrorCodes.NOT_FOUND)) return false;
      throw error;
    }
  }

  /**
   * Uploads a blob in one request (the distribution spec's monolithic upload: POST for a
   * session, then PUT of the bytes with their digest, which the registry checks).
   */
  async uploadBlob(digest: string, body: () => AsyncIterable<Uint8Array>): Promise<void> {
    // The POST comes first and bodiless, so a 401 asking for push rights is answered before any bytes are sent.
    const session = await this.request("/blobs/uploads/", { method: "POST", headers: {} });
    await session.body?.cancel();
    const location = session.headers.get("location");
    if (!location) throw imageError(`the registry started no upload for ${this.ref.repository} (no Location)`);
    const url = new URL(location, this.base);
    if (url.origin !== new URL(this.base).origin) throw imageError(`the registry sent the upload of ${digest} to another host (${url.origin})`);
    url.searchParams.set("digest", digest);
    const put = await this.request(url.pathname + url.search, {
      method: "PUT",
      headers: { "Content-Type": "application/octet-stream" },
      body,
      absolute: true,
    });
    await put.body?.cancel();
  }

  /** Stores a manifest under a tag (or its digest). */
  async putManifest(reference: string, bytes: Uint8Array, mediaType: string): Promise<void> {
    const put = await this.request(`/manifests/${reference}`, { method: "PUT", headers: { "Content-Type": mediaType }, body: () => oneChunk(bytes) });
    await put.body?.cancel();
  }

  private async request(
    path: string,
    init: { method?: string; headers: Record<string, string>; signal?: AbortSignal; body?: () => AsyncIterable<Uint8Array>; absolute?: boolean },
  ): Promise<Response> {
    const url = init.absolute ? new URL(path, this.base).href : this.base + path;
    const send = () =>
      fetch(url, {
        method: init.method ?? "GET",
        headers: { ...init.headers, ...(this.authorization ? { Authorization: this.authorization } : {}) },
        ...(init.signal ? { signal: init.signal } : {}),
        // A fresh body each try (a 401 answered with a token means sending the bytes again);
        // Node's fetch streams an async iterable.
        ...(init.body ? { body: init.body() as unknown as BodyInit, duplex: "half" } : {}),
      } as RequestInit);
    let response = await send().catch((error: unknown) => {
      throw unreachable(url, error);
    });
    if (response.status === 401) {
      await response.body?.cancel();
      await this.authenticate(response.headers.get("www-authenticate") ?? "", url);
      response = await send().catch((error: unknown) => {
        throw unreachable(url, error);
      });
    }
    if (response.ok) return response;
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) {
      throw new A3sError(ErrorCodes.UNAUTHENTICATED, `the registry refused access to ${this.ref.domain}/${this.ref.repository} (HTTP ${response.status}); check the credentials in ~/.docker/config.json`);
    }
    if (response.status === 404) throw imageNotFound(`${this.ref.domain}/${this.ref.repository}: ${path.slice(1).replace("/", " ")} not found`);
    throw new A3sError(ErrorCodes.UNAVAILABLE, `the registry answered HTTP ${response.status} for ${url}`, { details: { status: response.status } });
  }

  private async authenticate(header: string, url: string): Promise<void> {
    const challenge = parseChallenge(header);
    if (challenge?.scheme === "basic") {
      if (!this.credentials) throw noCredentials(this.ref.domain);
      this.authorization = basicAuthorization(this.credentials);
      return;
    }
    if (challenge?.scheme !== "bearer" || !challenge.params.realm) {
      throw new A3sError(ErrorCodes.UNAUTHENTICATED, `the registry at ${url} asks for an authentication it did not describe: "${header}"`);
    }
    const realm = new URL(challenge.params.realm);
    if (realm.protocol !== "https:" && !(realm.protocol === "http:" && (this.plainHttpOk || isLocalhost(realm.host)))) {
      throw new A3sError(ErrorCodes.UNAUTHENTICATED, `the token service ${realm.href} is not HTTPS; add its registry to --insecure to allow it`);
    }
    if (challenge.params.service) realm.searchParams.set("service", challenge.params.service);
    realm.searchParams.set("scope", challenge.params.scope ?? `repository:${this.ref.repository}:pull`);
    const response = await fetch(realm, { headers: this.credentials ? { Authorization: basicAuthorization(this.credentials) } : {} }).catch((error: unknown) => {
      throw unreachable(realm.href, error);
    });
    if (!response.ok) {
      await response.body?.cancel();
      if (response.status === 401 || response.status === 403) throw noCredentials(this.ref.domain, response.status);
      throw new A3sError(ErrorCodes.UNAVAILABLE, `the token service ${realm.origin} answered HTTP ${response.status}`);
    }
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new A3sError(ErrorCodes.UNAUTHENTICATED, `the token service ${realm.origin} returned no token`);
    this.authorization = `Bearer ${token}`;
  }
}

async function* oneChunk(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

function noCredentials(domain: string, status?: number): A3sError {
  return new A3sError(
    ErrorCodes.UNAUTHENTICATED,
    `${domain} needs credentials${status ? ` (the token service answered HTTP ${status})` : ""}; add them with \`docker login ${domain}\` (~/.docker/config.json)`,
  );
}

function unreachable(url: string, error: unknown): A3sError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return new A3sError(ErrorCodes.UNAVAILABLE, `cannot reach ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { cause: error });
}
