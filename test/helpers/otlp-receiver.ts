// An OTLP/HTTP trace receiver in the test process: a real HTTP server that decodes the JSON
// ExportTraceServiceRequest bodies the OpenTelemetry exporter sends, as a collector would.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import { startTracing, type Tracing } from "../../common/node/tracing";

type OtlpValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean; arrayValue?: { values?: OtlpValue[] } };
type OtlpAttributes = Array<{ key: string; value: OtlpValue }> | undefined;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
  resource: Record<string, unknown>;
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Every request, decoded or not: path and content type. */
  readonly requests: Array<{ path: string; contentType: string }> = [];

  private readonly server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      this.requests.push({ path: req.url ?? "", contentType: req.headers["content-type"] ?? "" });
      if (req.method !== "POST" || req.url !== "/v1/traces" || !req.headers["content-type"]?.startsWith("application/json")) {
        res.writeHead(415).end();
        return;
      }
      this.decode(JSON.parse(Buffer.concat(parts).toString("utf8")));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  named(name: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.name === name);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private decode(body: { resourceSpans?: Array<{ resource?: { attributes?: OtlpAttributes }; scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }> }): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            traceId: span["traceId"] as string,
            spanId: span["spanId"] as string,
            parentSpanId: (span["parentSpanId"] as string | undefined) ?? "",
            name: span["name"] as string,
            kind: span["kind"] as number,
            attributes: attributesOf(span["attributes"] as OtlpAttributes),
            status: (span["status"] as ReceivedSpan["status"] | undefined) ?? {},
            resource,
          });
        }
      }
    }
  }
}

function valueOf(value: OtlpValue): unknown {
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.stringValue ?? value.doubleValue ?? value.boolValue;
}

function attributesOf(list: OtlpAttributes): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

/**
 * This process traced as the host service is: the SDK started from the standard variable,
 * pointed at a fresh receiver. `stop` shuts both down and unsets the variable.
 */
export async function traceToReceiver(extraEnv: Record<string, string> = {}): Promise<{ receiver: OtlpReceiver; tracing: Tracing; stop(): Promise<void> }> {
  const receiver = await OtlpReceiver.start();
  const env = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`, ...extraEnv };
  // The exporter reads the variables of this process, as it does in `a3s-box serve`.
  Object.assign(process.env, env);
  const tracing = startTracing(process.env, { "service.name": "a3s-box" })!;
  return {
    receiver,
    tracing,
    async stop() {
      await tracing.shutdown();
      await receiver.stop();
      for (const name of Object.keys(env)) delete process.env[name];
    },
  };
}

/**
 * Flushes the host until `done` holds for what `receiver` got (an agent sends its spans when
 * its turn ends, so they come some time after the call returns).
 */
export async function spansWhen(receiver: OtlpReceiver, tracing: Tracing, done: (spans: ReceivedSpan[]) => boolean, timeoutMs = 15_000): Promise<ReceivedSpan[]> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    await tracing.flush();
    if (done(receiver.spans)) return receiver.spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not all spans arrived: ${receiver.spans.map((s) => s.name).join(", ")}`);
}

/** The one span named `name`. */
export function onlySpan(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const found = spans.filter((s) => s.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
}

/** Whether the spans of a turn with `chats` model requests through the gateway have all arrived. */
export function turnArrived(chats: number): (spans: ReceivedSpan[]) => boolean {
  return (all) => all.filter((s) => s.name.startsWith("POST ")).length === chats && all.some((s) => s.name === "invoke_agent a3s-box");
}

/**
 * The spans of one Generate call whose turn made `chats` model requests and one `tool` call,
 * checked to be one trace: host call → invoke_agent → chat and execute_tool, each chat → the
 * gateway's span of its request.
 */
export function turnTrace(spans: ReceivedSpan[], options: { model: string; tool: string; chats: number; route: string }) {
  const host = onlySpan(spans, "a3s.box.v1.AgentService/Generate");
  const turn = onlySpan(spans, "invoke_agent a3s-box");
  const chats = spans.filter((s) => s.name === `chat ${options.model}`);
  const tool = onlySpan(spans, `execute_tool ${options.tool}`);
  const forwarded = spans.filter((s) => s.name === `POST ${options.route}`);
  expect(chats).toHaveLength(options.chats);
  expect(forwarded).toHaveLength(options.chats);

  for (const span of [turn, ...chats, tool, ...forwarded]) expect(span.traceId).toBe(host.traceId);
  expect(turn.parentSpanId).toBe(host.spanId);
  for (const chat of chats) expect(chat.parentSpanId).toBe(turn.spanId);
  expect(tool.parentSpanId).toBe(turn.spanId);
  expect(forwarded.map((s) => s.parentSpanId).sort()).toEqual(chats.map((s) => s.spanId).sort());
  return { host, turn, chats, tool, forwarded };
}
