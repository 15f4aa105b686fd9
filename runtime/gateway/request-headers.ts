import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { UpstreamConfig } from "./providers";

/**
 * The only request headers that reach a provider: what describes the body and the answer
 * wanted, and Anthropic's API version. Everything else the guest sends is dropped:
 * credentials (the host's key is added instead), cookies, organisation and project
 * selectors that could bill another part of the host's account, SDK telemetry.
 */
const ALLOWED = new Set(["accept", "accept-encoding", "content-type", "content-length", "user-agent", "anthropic-version"]);

/**
 * `anthropic-beta` values that only change how the model answers. Everything else is
 * dropped, in particular betas that reach beyond the answer: `files-api-*` (files stored
 * in the host's account), `code-execution-*` and `skills-*` (code run by the provider on
 * those files), `mcp-client-*` and `web-fetch-*` (the provider connects to any URL the box
 * names, a way around the box's network policy), `message-batches-*`.
 */
export const ALLOWED_ANTHROPIC_BETAS: ReadonlySet<string> = new Set([
  "prompt-caching-2024-07-31",
  "extended-cache-ttl-2025-04-11",
  "token-efficient-tools-2025-02-19",
  "fine-grained-tool-streaming-2025-05-14",
  "interleaved-thinking-2025-05-14",
  "output-128k-2025-02-19",
]);

/** The request headers sent upstream: the allowed ones of the guest's, plus the host's key. */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, upstream: UpstreamConfig): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && ALLOWED.has(name)) headers[name] = value;
  }
  const betas = allowedBetas(incoming["anthropic-beta"]);
  if (upstream.spec.auth === "anthropic" && betas) headers["anthropic-beta"] = betas;
  if (upstream.apiKey !== undefined) {
    if (upstream.spec.auth === "anthropic") headers["x-api-key"] = upstream.apiKey;
    if (upstream.spec.auth === "bearer") headers["authorization"] = `Bearer ${upstream.apiKey}`;
  }
  return headers;
}

function allowedBetas(value: string | string[] | undefined): string | undefined {
  const kept = [value ?? []]
    .flat()
    .flatMap((list) => list.split(","))
    .map((beta) => beta.trim())
    .filter((beta) => ALLOWED_ANTHROPIC_BETAS.has(beta));
  return kept.length > 0 ? kept.join(",") : undefined;
}
