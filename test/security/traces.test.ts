// Attacks on the gateway's span intake (`<token>/otlp/v1/traces`): a box sends what it likes,
// over real HTTP, to two boxes' gateways whose spans go through the host's real OTLP
// exporter to a receiver in this process.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Tracing } from "../../common/node/tracing";
import { startModelGateway, type ModelGateway } from "../../runtime/gateway/model-gateway";
import { traceToReceiver, type OtlpReceiver } from "../helpers/otlp-receiver";

let receiver: OtlpReceiver;
let tracing: Tracing;
let stopTracing: () => Promise<void>;
let boxA: ModelGateway;
let boxB: ModelGateway;

beforeAll(async () => {
  ({ receiver, tracing, stop: stopTracing } = await traceToReceiver());
  boxA = await startModelGateway({ env: {}, traces: { boxId: "box-a", tracing } });
  boxB = await startModelGateway({ env: {}, traces: { boxId: "box-b", tracing } });
});

afterAll(async () => {
  await boxA?.close();
  await boxB?.close();
  await stopTracing?.();
});

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

function exportBody(name: string, extra: { resource?: unknown[]; attributes?: unknown[]; traceId?: string } = {}): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: extra.resource ?? [] },
      scopeSpans: [{
        scope: { name: "guest" },
        spans: [{
          traceId: extra.traceId ?? "0af7651916cd43dd8448eb211c80319c",
          spanId: "b7ad6b7169203331",
          name,
          kind: 1,
          startTimeUnixNano: String(now),
          endTimeUnixNano: String(now + 1000n),
          attributes: extra.attributes ?? [],
        }],
      }],
    }],
  });
}

function send(gateway: ModelGateway, body: string, options: { token?: string; contentType?: string; path?: string } = {}) {
  return fetch(`${gateway.url}/${options.token ?? gateway.token}${options.path ?? "/otlp/v1/traces"}`, {
    method: "POST",
    headers: { "content-type": options.contentType ?? "application/json" },
    body,
  });
}

async function arrived(name: string) {
  for (let i = 0; i < 50; i++) {
    await tracing.flush();
    const spans = receiver.named(name);
    if (spans.length > 0) return spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}

it("stamps every span with the box whose gateway got it, whatever box id the body claims", async () => {
  const claim = [attr("a3s.box.id", "box-b"), attr("service.name", "a3s-box")];
  const answer = await send(boxA, exportBody("claims-box-b", { resource: claim, attributes: claim }));
  expect(answer.status).toBe(200);
  const [span] = await arrived("claims-box-b");
  expect(span?.resource).toEqual({ "service.name": "a3s-box-agent", "a3s.box.id": "box-a" });
  expect(span?.attributes["a3s.box.id"]).toBeUndefined();
  expect(span?.attributes["service.name"]).toBe("a3s-box");
});

it("refuses spans sent with another box's token, or none", async () => {
  expect((await send(boxA, exportBody("wrong-token"), { token: boxB.token.replace(/.$/, "x") })).status).toBe(403);
  expect((await send(boxA, exportBody("wrong-token"), { token: boxB.token })).status).toBe(403);
  expect((await send(boxA, exportBody("wrong-token"), { token: "" })).status).toBe(403);
  expect(await arrived("wrong-token")).toEqual([]);
});

it("refuses malformed bodies with a status and a message that names the problem", async () => {
  const notJson = await send(boxA, "{not json");
  expect(notJson.status).toBe(400);
  expect(await notJson.text()).toContain("not JSON");
  const badId = await send(boxA, exportBody("bad-id", { traceId: "../../etc/passwd" }));
  expect(badId.status).toBe(400);
  expect(await badId.text()).toContain("traceId");
  const wrongShape = await send(boxA, JSON.stringify({ resourceSpans: "all of them" }));
  expect(wrongShape.status).toBe(400);
  expect(await wrongShape.text()).toContain("resourceSpans");
  expect((await send(boxA, exportBody("protobuf"), { contentType: "application/x-protobuf" })).status).toBe(415);
  expect((await send(boxA, exportBody("elsewhere"), { path: "/otlp/v1/metrics" })).status).toBe(404);
});

it("caps the size of an export and the number of attributes", async () => {
  const huge = exportBody("huge", { attributes: [attr("filler", "x".repeat(2 * 1024 * 1024))] });
  expect((await send(boxA, huge)).status).toBe(413);
  const many = exportBody("many", { attributes: Array.from({ length: 500 }, (_, i) => attr(`k${i}`, "v")) });
  const answer = await send(boxA, many);
  expect(answer.status).toBe(400);
  expect(await answer.text()).toContain("attributes");
  expect(await arrived("huge")).toEqual([]);
});

it("never passes on the box's gateway token, which an instrumented library may put in a URL", async () => {
  const url = `${boxA.url}/${boxA.token}/anthropic/v1/messages`;
  expect((await send(boxA, exportBody("leaky", { attributes: [attr("url.full", url)] }))).status).toBe(200);
  const [span] = await arrived("leaky");
  expect(span?.attributes["url.full"]).toBe(`${boxA.url}/[redacted]/anthropic/v1/messages`);
});

it("has no span intake where the host does not export traces", async () => {
  const plain = await startModelGateway({ env: {} });
  try {
    expect((await send(plain, exportBody("untraced"))).status).toBe(404);
  } finally {
    await plain.close();
  }
});
