import type { ProviderId } from "./providers";

/** One endpoint the gateway forwards: method and path after the guest's base URL. */
export interface InferenceRoute {
  method: "GET" | "POST";
  path: string;
}

const post = (path: string): InferenceRoute => ({ method: "POST", path });
const get = (path: string): InferenceRoute => ({ method: "GET", path });

/** Chat completions and model listing, plus embeddings where the vendor offers them. */
const openAiCompatible = (embeddings: boolean): readonly InferenceRoute[] => [
  post("/chat/completions"),
  ...(embeddings ? [post("/embeddings")] : []),
  get("/models"),
];

/**
 * What a box may call with the host's key: inference and model listing, nothing that
 * reads, writes or deletes anything in the host's account (files, batches, fine-tuning,
 * assistants, stored responses) or on the host's Ollama (pull, push, create, delete, copy).
 */
export const INFERENCE_ROUTES: Readonly<Record<ProviderId, readonly InferenceRoute[]>> = {
  anthropic: [post("/v1/messages"), post("/v1/messages/count_tokens"), get("/v1/models")],
  openai: openAiCompatible(true),
  deepseek: openAiCompatible(false),
  groq: openAiCompatible(false),
  together: openAiCompatible(true),
  ollama: [post("/api/chat"), post("/api/generate"), post("/api/embed"), post("/api/embeddings"), get("/api/tags"), post("/api/show")],
};

export function isInferenceRoute(provider: ProviderId, method: string | undefined, path: string): boolean {
  return INFERENCE_ROUTES[provider].some((route) => route.method === method && route.path === path);
}

export function describeRoutes(provider: ProviderId, prefix: string): string {
  return INFERENCE_ROUTES[provider].map((route) => `${route.method} ${prefix}${route.path}`).join(", ");
}
