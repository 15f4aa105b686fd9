// A scripted stand-in for the model services (no real one is reachable from tests): one
// HTTP server that speaks Anthropic Messages SSE (/v1/messages), OpenAI Chat Completions
// SSE (/v1/chat/completions), OpenAI's Images API (/v1/images/generations) and Ollama NDJSON (/api/chat). Each request takes the next
// scripted reply and is recorded, so tests can check what the agent sent.
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { anthropicErrorBody, writeAnthropicStream } from "./anthropic-wire";
import { writeOllamaStream } from "./ollama-wire";
import { openAiErrorBody, openAiImageBody, writeOpenAiStream } from "./openai-wire";
import type { ScriptedReply } from "./script";

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** Set when the client closed the connection before the reply ended (a cancel). */
  aborted: boolean;
}

type Wire = "anthropic" | "openai" | "openai-images" | "ollama";

const ROUTES: Record<string, Wire> = {
  "/v1/messages": "anthropic",
  "/v1/chat/completions": "openai",
  "/v1/images/generations": "openai-images",
  "/api/chat": "ollama",
};

export class ModelServer {
  readonly requests: RecordedRequest[] = [];
  private readonly replies: ScriptedReply[] = [];
  private readonly keyed: Array<{ match: string; replies: ScriptedReply[] }> = [];
  private readonly server: Server;
  private nextId = 0;
  private abortWaiters: Array<() => void> = [];

  private constructor() {
    this.server = createServer((req, res) => {
      let text = "";
      req.setEncoding("utf8");
      req.on("data", (part: string) => (text += part));
      req.on("end", () => void this.answer(req.url ?? "/", req.headers, text, res));
    });
  }

  static async start(): Promise<ModelServer> {
    const server = new ModelServer();
    server.server.listen(0, "127.0.0.1");
    await once(server.server, "listening");
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The environment that points every provider of the agent at this server. */
  env(): Record<string, string> {
    return {
      ANTHROPIC_BASE_URL: this.url,
      OPENAI_BASE_URL: `${this.url}/v1`,
      DEEPSEEK_BASE_URL: `${this.url}/v1`,
      GROQ_BASE_URL: `${this.url}/v1`,
      TOGETHER_BASE_URL: `${this.url}/v1`,
      OLLAMA_HOST: this.url,
    };
  }

  /** Queues replies, answered in order to the next requests. */
  script(...replies: ScriptedReply[]): void {
    this.replies.push(...replies);
  }

  /** Queues replies for requests whose body contains `match` (e.g. a session's system prompt). */
  scriptFor(match: string, ...replies: ScriptedReply[]): void {
    this.keyed.push({ match, replies });
  }

  get pending(): number {
    return this.replies.length;
  }

  /** Resolves once a request has been aborted by its client. */
  waitForAbort(): Promise<void> {
    if (this.requests.some((r) => r.aborted)) return Promise.resolve();
    return new Promise((resolve) => this.abortWaiters.push(resolve));
  }

  reset(): void {
    this.requests.length = 0;
    this.replies.length = 0;
    this.keyed.length = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(url: string, headers: IncomingHttpHeaders, text: string, res: ServerResponse): Promise<void> {
    const path = url.split("?")[0]!;
    const wire: Wire | undefined = ROUTES[path];
    if (!wire) return json(res, 404, { error: `the test model server has no route ${path}` });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return json(res, 400, { error: "body is not JSON" });
    }
    const record: RecordedRequest = { path, headers, body, aborted: false };
    this.requests.push(record);
    res.on("close", () => {
      if (!res.writableFinished) {
        record.aborted = true;
        for (const wake of this.abortWaiters.splice(0)) wake();
      }
    });
    const reply = (this.keyed.find((k) => k.replies.length > 0 && text.includes(k.match))?.replies ?? this.replies).shift();
    if (!reply) return json(res, 500, errorBody(wire, 500, "the test model server has no scripted reply left"));
    if (reply.kind === "error") {
      res.writeHead(reply.status, { "content-type": "application/json", ...(reply.retryAfter !== undefined ? { "retry-after": reply.retryAfter } : {}) });
      res.end(JSON.stringify(errorBody(wire, reply.status, reply.message)));
      return;
    }
    if ((wire === "openai-images") !== (reply.kind === "image")) {
      return json(res, 500, errorBody(wire, 500, `the test model server's next reply (${reply.kind}) does not fit ${path}`));
    }
    if (reply.kind === "image") return json(res, 200, openAiImageBody(reply));
    const model = String(body["model"] ?? "test-model");
    const ids = () => `test${++this.nextId}`;
    if (wire === "anthropic") await writeAnthropicStream(res, model, reply, ids);
    else if (wire === "openai") {
      const includeUsage = (body["stream_options"] as { include_usage?: boolean } | undefined)?.include_usage === true;
      await writeOpenAiStream(res, model, reply, ids, includeUsage);
    } else await writeOllamaStream(res, model, reply);
  }
}

function errorBody(wire: Wire, status: number, message: string): unknown {
  if (wire === "anthropic") return anthropicErrorBody(status, message);
  if (wire === "openai" || wire === "openai-images") return openAiErrorBody(status, message);
  return { error: message };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
