/**
 * The model providers, and every fact about each written once: what the agent, the client,
 * the model gateway and the settings service each read. A provider fact found anywhere else
 * is a copy waiting to drift (test/provider-table.test.ts looks for them).
 */
import { A3sError, ErrorCodes } from "./errors";

export const PROVIDER_NAMES = ["anthropic", "openai", "deepseek", "groq", "together", "ollama"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** The vendor protocol the agent speaks to it: Anthropic Messages, OpenAI Chat Completions, Ollama's /api/chat. */
export type WireFormat = "anthropic-messages" | "openai-chat" | "ollama-chat";

/** How requests authenticate (`x-api-key`, `Authorization: Bearer`, none), which also shapes its error bodies. */
export type ProviderAuth = "anthropic" | "bearer" | "none";

/** One endpoint of a provider: method and path after its base URL. */
export interface InferenceRoute {
  method: "GET" | "POST";
  path: string;
}

export interface ProviderSpec {
  name: ProviderName;
  wire: WireFormat;
  auth: ProviderAuth;
  /** The variable holding the API key; absent for providers without one. */
  keyVar?: string;
  /** The variable holding the base URL, on the host and (pointing at the gateway) in the guest. */
  baseUrlVar: string;
  defaultBaseUrl: string;
  /**
   * Path the guest-side base URL ends in, by the vendor SDK's convention: OpenAI-compatible
   * base URLs end in /v1, Anthropic's and Ollama's do not. The host's base URL follows the
   * same convention, so the gateway swaps one prefix for the other.
   */
  guestPathSuffix: string;
  /** The model when LLM_MODEL does not name one. */
  defaultModel: string;
  /** Context window in tokens when the session does not set one. */
  contextWindow: number;
  /**
   * What a box may call with the host's key, after the guest's base URL: inference and model
   * listing, nothing that reads, writes or deletes anything in the host's account (files,
   * batches, fine-tuning, assistants, stored responses) or on the host's Ollama (pull, push,
   * create, delete, copy).
   */
  inferenceRoutes: readonly InferenceRoute[];
  /**
   * How a session's `thinking` reaches the provider: `budget` (Anthropic's `thinking` with a
   * token budget), `effort` (OpenAI's `reasoning_effort`), `reasoner` (DeepSeek: its reasoner
   * model, or the `thinking` toggle for other models), `think` (Ollama's `think`), `none`
   * (no control this agent knows of: refused).
   */
  thinking: "budget" | "effort" | "reasoner" | "think" | "none";
  /** Models of the provider known not to think (refused up front rather than by the vendor). */
  nonThinkingModels?: RegExp;
  /** `reasoner`: the model that thinks in place of a model that does not. */
  reasonerModels?: Readonly<Record<string, string>>;
  /**
   * Image generation, where the vendor offers it in OpenAI's Images API wire format
   * (`POST /images/generations`, answers with `b64_json`): the model used when the call names none.
   */
  images?: { defaultModel: string };
}

const post = (path: string): InferenceRoute => ({ method: "POST", path });
const get = (path: string): InferenceRoute => ({ method: "GET", path });

/** OpenAI's Images API: the one image route, for the providers whose spec has `images`. */
export const IMAGE_GENERATION_ROUTE: InferenceRoute = post("/images/generations");

/** Chat completions and model listing, plus embeddings where the vendor offers them. */
const openAiCompatibleRoutes = (embeddings: boolean): readonly InferenceRoute[] => [
  post("/chat/completions"),
  ...(embeddings ? [post("/embeddings")] : []),
  get("/models"),
];

export const PROVIDERS: Readonly<Record<ProviderName, ProviderSpec>> = {
  anthropic: {
    name: "anthropic",
    wire: "anthropic-messages",
    auth: "anthropic",
    keyVar: "ANTHROPIC_API_KEY",
    baseUrlVar: "ANTHROPIC_BASE_URL",
    defaultBaseUrl: "https://api.anthropic.com",
    guestPathSuffix: "",
    defaultModel: "claude-sonnet-4-20250514",
    contextWindow: 200_000,
    thinking: "budget",
    nonThinkingModels: /^claude-(instant|2|3-(opus|sonnet|haiku|5))/,
    inferenceRoutes: [post("/v1/messages"), post("/v1/messages/count_tokens"), get("/v1/models")],
  },
  openai: {
    name: "openai",
    wire: "openai-chat",
    auth: "bearer",
    keyVar: "OPENAI_API_KEY",
    baseUrlVar: "OPENAI_BASE_URL",
    defaultBaseUrl: "https://api.openai.com/v1",
    guestPathSuffix: "/v1",
    defaultModel: "gpt-4o",
    contextWindow: 128_000,
    thinking: "effort",
    nonThinkingModels: /^(gpt-3\.5|gpt-4|chatgpt-4)/,
    images: { defaultModel: "gpt-image-1" },
    inferenceRoutes: [...openAiCompatibleRoutes(true), IMAGE_GENERATION_ROUTE],
  },
  deepseek: {
    name: "deepseek",
    wire: "openai-chat",
    auth: "bearer",
    keyVar: "DEEPSEEK_API_KEY",
    baseUrlVar: "DEEPSEEK_BASE_URL",
    defaultBaseUrl: "https://api.deepseek.com/v1",
    guestPathSuffix: "/v1",
    defaultModel: "deepseek-chat",
    contextWindow: 64_000,
    thinking: "reasoner",
    reasonerModels: { "deepseek-chat": "deepseek-reasoner" },
    inferenceRoutes: openAiCompatibleRoutes(false),
  },
  groq: {
    name: "groq",
    wire: "openai-chat",
    auth: "bearer",
    keyVar: "GROQ_API_KEY",
    baseUrlVar: "GROQ_BASE_URL",
    defaultBaseUrl: "https://api.groq.com/openai/v1",
    guestPathSuffix: "/v1",
    defaultModel: "llama-3.3-70b-versatile",
    contextWindow: 128_000,
    thinking: "none",
    inferenceRoutes: openAiCompatibleRoutes(false),
  },
  together: {
    name: "together",
    wire: "openai-chat",
    auth: "bearer",
    keyVar: "TOGETHER_API_KEY",
    baseUrlVar: "TOGETHER_BASE_URL",
    defaultBaseUrl: "https://api.together.xyz/v1",
    guestPathSuffix: "/v1",
    defaultModel: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
    contextWindow: 128_000,
    thinking: "none",
    inferenceRoutes: openAiCompatibleRoutes(true),
  },
  ollama: {
    name: "ollama",
    wire: "ollama-chat",
    auth: "none",
    baseUrlVar: "OLLAMA_HOST",
    defaultBaseUrl: "http://127.0.0.1:11434",
    guestPathSuffix: "",
    defaultModel: "llama3.1",
    contextWindow: 8192,
    thinking: "think",
    inferenceRoutes: [post("/api/chat"), post("/api/generate"), post("/api/embed"), post("/api/embeddings"), get("/api/tags"), post("/api/show")],
  },
};

/** The providers that generate images (their spec has `images`). */
export const IMAGE_PROVIDERS: readonly ProviderName[] = PROVIDER_NAMES.filter((name) => PROVIDERS[name].images !== undefined);

/** The provider when neither the session nor LLM_PROVIDER names one. */
export const DEFAULT_PROVIDER: ProviderName = "anthropic";
export const DEFAULT_MODEL = PROVIDERS[DEFAULT_PROVIDER].defaultModel;

/** The variables that choose the model: provider, and the model name within it. */
export const MODEL_ENV_VARS = ["LLM_PROVIDER", "LLM_MODEL"] as const;

export function isProviderName(value: unknown): value is ProviderName {
  return (PROVIDER_NAMES as readonly unknown[]).includes(value);
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The model the environment names: LLM_PROVIDER (else the default provider) and LLM_MODEL
 * (else that provider's default model). An unknown LLM_PROVIDER is an INVALID_ARGUMENT.
 */
export function modelFromEnv(env: Env): { provider: ProviderName; name: string } {
  const provider = env["LLM_PROVIDER"]?.trim() || DEFAULT_PROVIDER;
  if (!isProviderName(provider)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `LLM_PROVIDER="${provider}" is not one of ${PROVIDER_NAMES.join(", ")}`);
  }
  return { provider, name: env["LLM_MODEL"]?.trim() || PROVIDERS[provider].defaultModel };
}

/**
 * Why the model cannot think, when thinking is asked of it; undefined when it can (or may:
 * Ollama's models are only known to the Ollama server, which says so itself).
 */
export function thinkingProblem(provider: ProviderName, model: string): string | undefined {
  const spec = PROVIDERS[provider];
  if (spec.thinking === "none") return `thinking is not available for ${provider} models here; turn thinking off or choose anthropic, openai, deepseek or ollama`;
  if (spec.nonThinkingModels?.test(model)) return `the ${provider} model ${model} cannot think; turn thinking off or choose a model that reasons`;
  return undefined;
}
