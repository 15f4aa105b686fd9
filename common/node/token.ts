import { timingSafeEqual } from "node:crypto";

/** Whether `given` is the secret, compared in constant time; a missing value never matches. */
export function tokenMatches(given: string | undefined, secret: string): boolean {
  if (given === undefined || secret === "") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `authorization: Bearer <token>` header value, if it is one. */
export function bearerToken(header: unknown): string | undefined {
  return typeof header === "string" && header.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
}
