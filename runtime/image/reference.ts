import { imageError } from "./errors";

/** A parsed image reference, normalised the way docker does (`alpine` → docker.io/library/alpine:latest). */
export interface ImageReference {
  /** Registry host as written, with port: `docker.io`, `localhost:5000`. */
  domain: string;
  /** Repository path: `library/alpine`. */
  repository: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:localhost|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
export const DOCKER_HUB = "docker.io";

export function parseReference(input: string): ImageReference {
  const text = input.trim();
  const bad = (why: string) => imageError(`invalid image reference "${input}": ${why}`);
  if (!text) throw bad("it is empty");

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(`"${digest}" is not a sha256 digest`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`"${tag}" is not a valid tag`);
  }

  let domain = DOCKER_HUB;
  const slash = rest.indexOf("/");
  const first = slash >= 0 ? rest.slice(0, slash) : "";
  if (slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost" || first.startsWith("["))) {
    if (!DOMAIN.test(first)) throw bad(`"${first}" is not a valid registry host`);
    domain = first;
    rest = rest.slice(slash + 1);
  }
  if (domain === "index.docker.io") domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !rest.includes("/")) rest = `library/${rest}`;
  for (const component of rest.split("/")) {
    if (!COMPONENT.test(component)) throw bad(`"${component}" is not a valid repository name component (lowercase letters, digits, separators)`);
  }
  if (!tag && !digest) tag = "latest";
  return { domain, repository: rest, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The canonical string: `docker.io/library/alpine:latest`, `localhost:5000/x@sha256:…`. */
export function formatReference(ref: ImageReference): string {
  return `${ref.domain}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** The host that serves the registry API for this domain. */
export function registryHost(domain: string): string {
  return domain === DOCKER_HUB ? "registry-1.docker.io" : domain;
}

export function isLocalhost(domain: string): boolean {
  const host = domain.replace(/:\d+$/, "");
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host.endsWith(".localhost");
}
