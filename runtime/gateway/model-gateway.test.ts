// The gateway as a real HTTP proxy in front of a real local upstream server that records
// what reaches it and streams its answers one event at a time, on the test's signal.
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { GatewayRequestRecord } from "../../common/audit";
import type { PriceTable } from "../../common/prices";
import { startModelGateway, type ModelGateway } from "./model-gateway";

const ANTHROPIC_KEY = "sk-ant-host-secret-0123456789";
const OPENAI_KEY = "sk-openai-host-secret-0123456789";
const TOKEN = "box-token-0123456789abcdef";

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Resolves when the upstream response closes; true when it closed before finishing. */
  aborted: Promise<boolean>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

let upstream: Server;
let upstreamUrl: string;
let recorded: Recorded[] = [];
let handler: Handler = (_req, res) => void res.end("{}");

beforeAll(async () => {
  upstream = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const aborted = new Promise<boolean>((resolve) => res.on("close", () => resolve(!res.writableFinished)));
    recorded.push({ method: req.method!, url: req.url!, headers: req.headers, body, aborted });
    await handler(req, res, body);
  });
  upstream.listen(0, "127.0.0.1");
  await once(upstream, "listening");
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const gateways: ModelGateway[] = [];
afterEach(async () => {
  recorded = [];
  handler = (_req, res) => void res.end("{}");
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

async function gatewayWith(env: Record<string, string>): Promise<ModelGateway> {
  const gateway = await startModelGateway({ env, token: TOKEN });
  gateways.push(gateway);
  return gateway;
}

function hostEnv(): Record<string, string> {
  return {
    LLM_PROVIDER: "anthropic",
    LLM_MODEL: "claude-test",
    ANTHROPIC_BASE_URL: `${upstreamUrl}/anthropic-root`,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    OPENAI_BASE_URL: `${upstreamUrl}/v1`,
    OPENAI_API_KEY: OPENAI_KEY,
    OLLAMA_HOST: upstreamUrl.replace("http://", ""),
  };
}

function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves with `promise`, or fails the test after `ms` (a buffering proxy would hang). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)),
  ]);
}

describe("credentials", () => {
  it("adds the host's Anthropic key, passes anthropic-version through and drops the guest's credentials", async () => {
    const gateway = await gatewayWith(hostEnv());
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "request-id": "req_1" });
      res.end('{"id":"msg_1"}');
    };
    const response = await fetch(`${gateway.url}/${TOKEN}/anthropic/v1/messages?beta=true`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
        "anthropic-beta": "files-api-2025-04-14, prompt-caching-2024-07-31,mcp-client-2025-04-04",
        "anthropic-dangerous-direct-browser-access": "true",
        "openai-organization": "org-guest",
        "x-stainless-lang": "js",
        "x-api-key": "guest-made-up-key",
        authorization: "Bearer guest-token",
        cookie: "session=guest",
      },
      body: JSON.stringify({ model: "claude-test", max_tokens: 5 }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toBe("req_1");
    expect(await response.json()).toEqual({ id: "msg_1" });

    expect(recorded).toHaveLength(1);
    const [seen] = recorded;
    expect(seen!.method).toBe("POST");
    expect(seen!.url).toBe("/anthropic-root/v1/messages?beta=true");
    expect(seen!.headers["x-api-key"]).toBe(ANTHROPIC_KEY);
    expect(seen!.headers["anthropic-version"]).toBe("2023-06-01");
    expect(seen!.headers["anthropic-beta"]).toBe("prompt-caching-2024-07-31");
    expect(seen!.headers["content-type"]).toBe("application/json");
    for (const dropped of ["anthropic-dangerous-direct-browser-access", "openai-organization", "x-stainless-lang"]) {
      expect(seen!.headers[dropped], dropped).toBeUndefined();
    }
    expect(seen!.headers["authorization"]).toBeUndefined();
    expect(seen!.headers["cookie"]).toBeUndefined();
    expect(seen!.headers["host"]).toBe(new URL(upstreamUrl).host);
    expect(JSON.parse(seen!.body)).toEqual({ model: "claude-test", max_tokens: 5 });
  });

  it("sends OpenAI-compatible providers a Bearer key, mapping the guest's /v1 onto the host's base URL", async () => {
    const gateway = await gatewayWith({ ...hostEnv(), GROQ_BASE_URL: `${upstreamUrl}/openai/v1`, GROQ_API_KEY: "gsk-host" });
    await fetch(`${gateway.url}/${TOKEN}/openai/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer guest-made-up", "x-api-key": "guest" },
      body: "{}",
    });
    await fetch(`${gateway.url}/${TOKEN}/groq/v1/models`);
    expect(recorded.map((r) => r.url)).toEqual(["/v1/chat/completions", "/openai/v1/models"]);
    expect(recorded[0]!.headers["authorization"]).toBe(`Bearer ${OPENAI_KEY}`);
    expect(recorded[0]!.headers["x-api-key"]).toBeUndefined();
    expect(recorded[1]!.headers["authorization"]).toBe("Bearer gsk-host");
  });

  it("sends Ollama no credential at all, from a bare OLLAMA_HOST", async () => {
    const gateway = await gatewayWith(hostEnv());
    await fetch(`${gateway.url}/${TOKEN}/ollama/api/tags`, { headers: { authorization: "Bearer guest" } });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.url).toBe("/api/tags");
    expect(recorded[0]!.headers["authorization"]).toBeUndefined();
    expect(recorded[0]!.headers["x-api-key"]).toBeUndefined();
  });
});

describe("refusals", () => {
  it("refuses a request without the box's token, before anything goes upstream", async () => {
    const gateway = await gatewayWith(hostEnv());
    for (const path of [`/anthropic/v1/messages`, `/${TOKEN}x/anthropic/v1/messages`, `/${TOKEN.slice(1)}/anthropic/v1/messages`, "/"]) {
      const response = await fetch(`${gateway.url}${path}`, { method: "POST", body: "{}" });
      expect(response.status).toBe(403);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/does not carry its token/);
    }
    expect(recorded).toHaveLength(0);
  });

  it("names the known providers when asked for an unknown one", async () => {
    const gateway = await gatewayWith(hostEnv());
    const response = await fetch(`${gateway.url}/${TOKEN}/mistral/v1/chat/completions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('unknown provider "mistral"');
    expect(body.error.message).toContain("anthropic, openai, deepseek, groq, together, ollama");
    expect(recorded).toHaveLength(0);
  });

  it("answers a provider without a key on the host with a 401 in that provider's format, naming the variable", async () => {
    const gateway = await gatewayWith({ OPENAI_BASE_URL: `${upstreamUrl}/v1` });
    const anthropic = await fetch(`${gateway.url}/${TOKEN}/anthropic/v1/messages`, { method: "POST", body: "{}" });
    expect(anthropic.status).toBe(401);
    const anthropicBody = (await anthropic.json()) as { type: string; error: { type: string; message: string } };
    expect(anthropicBody.type).toBe("error");
    expect(anthropicBody.error.type).toBe("authentication_error");
    expect(anthropicBody.error.message).toContain("set ANTHROPIC_API_KEY");

    const openai = await fetch(`${gateway.url}/${TOKEN}/openai/v1/chat/completions`, { method: "POST", body: "{}" });
    expect(openai.status).toBe(401);
    expect(((await openai.json()) as { error: { message: string } }).error.message).toContain("set OPENAI_API_KEY");
    expect(recorded).toHaveLength(0);
  });

  it("refuses OpenAI-compatible paths outside the guest's /v1 base", async () => {
    const gateway = await gatewayWith(hostEnv());
    const response = await fetch(`${gateway.url}/${TOKEN}/openai/chat/completions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("/openai/v1/");
    expect(recorded).toHaveLength(0);
  });

  it("answers 502 naming the base URL variable when the provider cannot be reached", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const gateway = await gatewayWith({ OLLAMA_HOST: `http://127.0.0.1:${deadPort}` });
    const response = await fetch(`${gateway.url}/${TOKEN}/ollama/api/chat`, { method: "POST", body: "{}" });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: string };
    expect(body.error).toContain("ECONNREFUSED");
    expect(body.error).toContain("OLLAMA_HOST");
  });

  it("rejects a malformed base URL when it starts", async () => {
    await expect(startModelGateway({ env: { OPENAI_BASE_URL: "not a url" }, token: TOKEN })).rejects.toThrow(/OPENAI_BASE_URL="not a url" is not a URL/);
    await expect(startModelGateway({ env: {}, token: "short" })).rejects.toThrow(/token/);
  });
});

describe("inference only", () => {
  const attacks: [string, string, string][] = [
    ["GET", "openai", "/v1/files"],
    ["DELETE", "openai", "/v1/files/file-abc"],
    ["POST", "openai", "/v1/fine_tuning/jobs"],
    ["POST", "openai", "/v1/responses"],
    ["GET", "openai", "/v1/chat/completions"],
    ["POST", "openai", "/v1/chat/completions/../files"],
    ["POST", "openai", "/v1/chat/completions/"],
    ["POST", "anthropic", "/v1/files"],
    ["POST", "anthropic", "/v1/messages/batches"],
    ["DELETE", "anthropic", "/v1/messages"],
    ["DELETE", "ollama", "/api/delete"],
    ["POST", "ollama", "/api/pull"],
    ["POST", "ollama", "/api/create"],
    ["POST", "ollama", "/api/push"],
  ];

  it.each(attacks)("refuses %s %s %s with 403, logs it, and sends nothing upstream", async (method, provider, path) => {
    const refusals: unknown[] = [];
    const gateway = await startModelGateway({ env: hostEnv(), token: TOKEN, onRefused: (r) => refusals.push(r) });
    gateways.push(gateway);
    const response = await fetch(`${gateway.url}/${TOKEN}/${provider}${path}`, { method, ...(method === "GET" ? {} : { body: "{}" }) });
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).toContain("a box may only call the model");
    expect(recorded).toHaveLength(0);
    expect(refusals).toEqual([expect.objectContaining({ provider, method })]);
  });

  it("forwards each provider's inference endpoints and model listing", async () => {
    const gateway = await gatewayWith({ ...hostEnv(), TOGETHER_BASE_URL: `${upstreamUrl}/together/v1`, TOGETHER_API_KEY: "tg-host" });
    const calls: [string, string][] = [
      ["POST", "/anthropic/v1/messages"],
      ["POST", "/anthropic/v1/messages/count_tokens"],
      ["GET", "/anthropic/v1/models"],
      ["POST", "/openai/v1/chat/completions"],
      ["POST", "/openai/v1/embeddings"],
      ["GET", "/openai/v1/models"],
      ["POST", "/together/v1/embeddings"],
      ["POST", "/ollama/api/chat"],
      ["POST", "/ollama/api/generate"],
      ["POST", "/ollama/api/embed"],
      ["GET", "/ollama/api/tags"],
      ["POST", "/ollama/api/show"],
    ];
    for (const [method, path] of calls) {
      const response = await fetch(`${gateway.url}/${TOKEN}${path}`, { method, ...(method === "GET" ? {} : { body: "{}" }) });
      expect(response.status, `${method} ${path}`).toBe(200);
      await response.arrayBuffer();
    }
    expect(recorded.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /anthropic-root/v1/messages",
      "POST /anthropic-root/v1/messages/count_tokens",
      "GET /anthropic-root/v1/models",
      "POST /v1/chat/completions",
      "POST /v1/embeddings",
      "GET /v1/models",
      "POST /together/v1/embeddings",
      "POST /api/chat",
      "POST /api/generate",
      "POST /api/embed",
      "GET /api/tags",
      "POST /api/show",
    ]);
  });

  it("offers no embeddings where the vendor has none", async () => {
    const gateway = await gatewayWith({ ...hostEnv(), GROQ_BASE_URL: `${upstreamUrl}/openai/v1`, GROQ_API_KEY: "gsk-host" });
    const response = await fetch(`${gateway.url}/${TOKEN}/groq/v1/embeddings`, { method: "POST", body: "{}" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("POST /chat/completions, GET /models");
    expect(recorded).toHaveLength(0);
  });
});

describe("logs", () => {
  it("logs a refusal as a warn JSON line on stderr, at the level A3S_LOG of its env allows", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      for (const level of ["info", "warn", "error"]) {
        const gateway = await gatewayWith({ ...hostEnv(), A3S_LOG: level });
        await (await fetch(`${gateway.url}/${TOKEN}/openai/v1/files?level=${level}`)).arrayBuffer();
      }
    } finally {
      spy.mockRestore();
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const refusal = { time: expect.any(String), level: "warn", component: "gateway", msg: "refused a request that is not an inference endpoint", provider: "openai", method: "GET", path: "/files" };
    expect(entries).toEqual([refusal, refusal]);
    expect(recorded).toHaveLength(0);
  });
});

describe("image generation", () => {
  const image = { created: 1, data: [{ b64_json: Buffer.from("png bytes").toString("base64") }], usage: { input_tokens: 12, output_tokens: 4160, total_tokens: 4172 } };

  it("forwards OpenAI's POST /v1/images/generations with the host's key and counts it in the budget and the audit record", async () => {
    const records: GatewayRequestRecord[] = [];
    const gateway = await startModelGateway({ env: hostEnv(), token: TOKEN, budget: { requests: 1 }, onRequest: (r) => records.push(r) });
    gateways.push(gateway);
    handler = (_req, res) => void res.end(JSON.stringify(image));
    const response = await fetch(`${gateway.url}/${TOKEN}/openai/v1/images/generations`, { method: "POST", body: '{"model":"gpt-image-1","prompt":"a cat"}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(image);
    expect(recorded.map((r) => `${r.method} ${r.url} ${r.headers["authorization"]}`)).toEqual([`POST /v1/images/generations Bearer ${OPENAI_KEY}`]);
    expect(gateway.budgetUse()).toMatchObject({ requests: 1, tokens: 4172 });
    expect(records).toEqual([expect.objectContaining({ provider: "openai", method: "POST", path: "/openai/v1/images/generations", status: 200, inputTokens: 12, outputTokens: 4160 })]);
    const again = await fetch(`${gateway.url}/${TOKEN}/openai/v1/images/generations`, { method: "POST", body: "{}" });
    expect(again.status).toBe(402);
    expect(recorded).toHaveLength(1);
  });

  it.each(["deepseek", "groq", "together"])("refuses images for %s, which has no image endpoint here, saying where images go", async (provider) => {
    const gateway = await gatewayWith({ ...hostEnv(), [`${provider.toUpperCase()}_BASE_URL`]: `${upstreamUrl}/v1`, [`${provider.toUpperCase()}_API_KEY`]: "host-key" });
    const response = await fetch(`${gateway.url}/${TOKEN}/${provider}/v1/images/generations`, { method: "POST", body: '{"prompt":"a cat"}' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      `a3s-box model gateway: ${provider} offers no image generation here; image generation goes to openai`,
    );
    expect(recorded).toHaveLength(0);
  });
});

describe("budget", () => {
  async function budgeted(budget: { requests?: number; tokens?: number }): Promise<ModelGateway> {
    const gateway = await startModelGateway({ env: hostEnv(), token: TOKEN, budget });
    gateways.push(gateway);
    return gateway;
  }
  const messages = (gateway: ModelGateway) => fetch(`${gateway.url}/${TOKEN}/anthropic/v1/messages`, { method: "POST", body: "{}" });

  it("refuses calls beyond the request budget with 402, in the provider's format, without going upstream", async () => {
    const gateway = await budgeted({ requests: 2 });
    expect((await messages(gateway)).status).toBe(200);
    expect((await messages(gateway)).status).toBe(200);
    const refused = await messages(gateway);
    expect(refused.status).toBe(402);
    expect(await refused.json()).toEqual({
      type: "error",
      error: { type: "billing_error", message: "a3s-box model gateway: the box's model budget is spent: all 2 model calls of this box's budget are used" },
    });
    const ollama = await fetch(`${gateway.url}/${TOKEN}/ollama/api/chat`, { method: "POST", body: "{}" });
    expect(ollama.status).toBe(402);
    expect(recorded).toHaveLength(2);
    expect(gateway.budgetUse()).toEqual({ requests: 2, tokens: 0, usd: 0 });
  });

  it("counts the tokens the provider reports and refuses once the token budget is used", async () => {
    const gateway = await budgeted({ tokens: 50 });
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('event: message_start\ndata: {"message":{"usage":{"input_tokens":30,"output_tokens":1}}}\n\n');
      res.end('event: message_delta\ndata: {"usage":{"output_tokens":25}}\n\n');
    };
    await (await messages(gateway)).text();
    await expect.poll(() => gateway.budgetUse()).toEqual({ requests: 1, tokens: 55, usd: 0 });
    const refused = await messages(gateway);
    expect(refused.status).toBe(402);
    expect(await refused.text()).toContain("this box's budget of 50 tokens is used (55 so far)");
    expect(recorded).toHaveLength(1);
  });

  it("turns the answer's tokens into money with the price table and refuses once the money budget is used", async () => {
    const records: GatewayRequestRecord[] = [];
    const prices: PriceTable = { date: "2099-01-01", models: [{ provider: "anthropic", model: "claude-x", inputPerMillion: 10, outputPerMillion: 30 }] };
    const gateway = await startModelGateway({ env: hostEnv(), token: TOKEN, budget: { usd: 0.001 }, prices, onRequest: (r) => records.push(r) });
    gateways.push(gateway);
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write('event: message_start\ndata: {"message":{"model":"claude-x-20990101","usage":{"input_tokens":30,"output_tokens":1}}}\n\n');
      res.end('event: message_delta\ndata: {"usage":{"output_tokens":25}}\n\n');
    };
    await (await messages(gateway)).text();
    await expect.poll(() => records.length).toBe(1);
    // (30 × 10 + 25 × 30) / 1e6, by the longest model prefix in the table.
    expect(records[0]!.costUsd).toBeCloseTo(0.00105, 10);
    expect(gateway.budgetUse().usd).toBeCloseTo(0.00105, 10);
    const refused = await messages(gateway);
    expect(refused.status).toBe(402);
    expect(await refused.text()).toContain("this box's budget of $0.001 is used ($0.00105 so far)");
    expect(recorded).toHaveLength(1);
  });

  it("asks for answers uncompressed, so their usage can be read", async () => {
    const gateway = await budgeted({ tokens: 10 });
    await (await fetch(`${gateway.url}/${TOKEN}/anthropic/v1/messages`, { method: "POST", body: "{}", headers: { "accept-encoding": "gzip, br" } })).text();
    expect(recorded[0]!.headers["accept-encoding"]).toBeUndefined();
  });

  it("rejects a budget that is not a positive whole number", async () => {
    await expect(startModelGateway({ env: {}, token: TOKEN, budget: { requests: 0 } })).rejects.toThrow("budget.requests must be a whole number ≥ 1, got 0");
    await expect(startModelGateway({ env: {}, token: TOKEN, budget: { tokens: 1.5 } })).rejects.toThrow("budget.tokens");
  });
});

describe("streaming", () => {
  /**
   * The upstream answers with `parts`, each held back until the test releases it, so a
   * proxy that buffered the answer would never deliver the first part.
   */
  async function streamInGatedParts(path: string, contentType: string, parts: string[]): Promise<void> {
    const gateway = await gatewayWith(hostEnv());
    const gates = parts.map(() => gate());
    handler = async (_req, res) => {
      res.writeHead(200, { "content-type": contentType, "cache-control": "no-cache" });
      res.flushHeaders();
      for (const [i, part] of parts.entries()) {
        await gates[i]!.promise;
        res.write(part);
      }
      res.end();
    };
    const response = await fetch(`${gateway.url}/${TOKEN}${path}`, { method: "POST", body: "{}" });
    expect(response.headers.get("content-type")).toBe(contentType);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (const [i, part] of parts.entries()) {
      gates[i]!.resolve();
      let received = "";
      while (received.length < part.length) {
        const { value, done } = await within(reader.read(), 5_000, `part ${i + 1}`);
        expect(done).toBe(false);
        received += value;
      }
      expect(received).toBe(part);
    }
    expect((await reader.read()).done).toBe(true);
  }

  it("passes each SSE event on as it arrives, not when the answer ends", async () => {
    await streamInGatedParts("/anthropic/v1/messages", "text/event-stream", [
      'event: message_start\ndata: {"n":1}\n\n',
      'event: content_block_delta\ndata: {"n":2}\n\n',
      'event: message_stop\ndata: {"n":3}\n\n',
    ]);
  });

  it("streams Ollama's NDJSON line by line", async () => {
    await streamInGatedParts("/ollama/api/chat", "application/x-ndjson", [
      '{"message":{"content":"a"},"done":false}\n',
      '{"message":{"content":"b"},"done":true}\n',
    ]);
  });

  it("cancels the upstream request when the guest goes away mid-stream", async () => {
    const gateway = await gatewayWith(hostEnv());
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("event: ping\ndata: {}\n\n");
      // ...and never finishes on its own.
    };
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/${TOKEN}/anthropic/v1/messages`, {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await within(reader.read(), 5_000, "the first event");
    controller.abort();
    expect(await within(recorded[0]!.aborted, 5_000, "the upstream to see the abort")).toBe(true);
  });

  it("carries a large answer intact", async () => {
    const gateway = await gatewayWith(hostEnv());
    const big = Buffer.alloc(8 * 1024 * 1024, "0123456789abcdef");
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(big);
    };
    const response = await fetch(`${gateway.url}/${TOKEN}/openai/v1/chat/completions`, { method: "POST", body: "{}" });
    expect(Buffer.from(await response.arrayBuffer()).equals(big)).toBe(true);
  });
});

describe("guest environment", () => {
  it("points every provider at the gateway under the token and holds no host key", async () => {
    const env = { ...hostEnv(), DEEPSEEK_API_KEY: "sk-deepseek-host", GROQ_API_KEY: "gsk-host", TOGETHER_API_KEY: "tg-host" };
    const gateway = await gatewayWith(env);
    const guest = gateway.guestEnv("http://10.0.2.100");
    expect(guest).toEqual({
      LLM_PROVIDER: "anthropic",
      LLM_MODEL: "claude-test",
      ANTHROPIC_BASE_URL: `http://10.0.2.100/${TOKEN}/anthropic`,
      OPENAI_BASE_URL: `http://10.0.2.100/${TOKEN}/openai/v1`,
      DEEPSEEK_BASE_URL: `http://10.0.2.100/${TOKEN}/deepseek/v1`,
      GROQ_BASE_URL: `http://10.0.2.100/${TOKEN}/groq/v1`,
      TOGETHER_BASE_URL: `http://10.0.2.100/${TOKEN}/together/v1`,
      OLLAMA_HOST: `http://10.0.2.100/${TOKEN}/ollama`,
    });
    const serialized = JSON.stringify(guest);
    for (const secret of [ANTHROPIC_KEY, OPENAI_KEY, "sk-deepseek-host", "gsk-host", "tg-host"]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it("defaults to the gateway's own URL, which really serves the guest's base URLs", async () => {
    const gateway = await gatewayWith(hostEnv());
    const guest = gateway.guestEnv();
    expect(guest["OPENAI_BASE_URL"]).toBe(`${gateway.url}/${TOKEN}/openai/v1`);
    const response = await fetch(`${guest["OPENAI_BASE_URL"]}/chat/completions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(200);
    expect(recorded[0]!.url).toBe("/v1/chat/completions");
    expect(recorded[0]!.headers["authorization"]).toBe(`Bearer ${OPENAI_KEY}`);
  });

  it("generates a token when none is given, and close is idempotent", async () => {
    const gateway = await startModelGateway({ env: {} });
    expect(gateway.token).toMatch(/^[0-9a-f]{64}$/);
    await Promise.all([gateway.close(), gateway.close()]);
    await expect(fetch(`${gateway.url}/${gateway.token}/ollama/api/tags`)).rejects.toThrow();
  });
});
