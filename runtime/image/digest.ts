import { createHash } from "node:crypto";
import { imageError } from "./errors";

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The digest, checked: only sha256 digests are stored (the algorithm every registry uses). */
export function checkDigest(value: unknown, what: string): string {
  if (typeof value !== "string" || !DIGEST.test(value)) {
    throw imageError(`${what} has an unsupported or malformed digest: ${JSON.stringify(value)}`);
  }
  return value;
}

export function digestHex(digest: string): string {
  return checkDigest(digest, "blob").slice("sha256:".length);
}

export function sha256Digest(data: Uint8Array | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}
