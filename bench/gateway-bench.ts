// Model gateway benchmark (run on demand: `npx tsx bench/gateway-bench.ts`).
// What the gateway adds to a model call, measured against the same local upstream reached
// directly:
//  1. Streaming: one SSE answer of 10,000 events, sent as fast as the client reads; the gap
//     between events at the client (median, p99) and events per second.
//  2. Small requests: time to the whole answer of a short POST (median, p99), sequential,
//     keep-alive on.
import { once } from "node:events";
import { createServer } from "node:http";
import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { startModelGateway } from "../runtime/gateway/model-gateway";

const EVENTS = 10_000;
const STREAM_RUNS = 5;
const REQUESTS = 500;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

const event = (i: number) => `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"t${i}"}}\n\n`;

const upstream = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (req.url?.endsWith("/stream")) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      let i = 0;
      const pump = () => {
        while (i < EVENTS) if (!res.write(event(i++))) return void res.once("drain", pump);
        res.end();
      };
      pump();
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id":"msg","content":[{"type":"text","text":"ok"}]}');
    }
  });
});
upstream.listen(0, "127.0.0.1");
await once(upstream, "listening");
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
const gateway = await startModelGateway({ env: { ANTHROPIC_BASE_URL: upstreamUrl, ANTHROPIC_API_KEY: "sk-bench" } });
const viaGateway = `${gateway.url}/${gateway.token}/anthropic`;
const agent = new Agent({ keepAlive: true });

function call(url: string, onChunk?: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
      res.on("data", (chunk: Buffer) => onChunk?.(chunk));
      res.on("end", resolve);
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end('{"model":"m","max_tokens":1}');
  });
}

/** Arrival time of each event at the client (events split across chunks count when complete). */
async function streamTimes(base: string): Promise<number[]> {
  const times: number[] = [];
  let pending = "";
  await call(`${base}/v1/stream`, (chunk) => {
    pending += chunk.toString();
    let end: number;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      times.push(performance.now());
      pending = pending.slice(end + 2);
    }
  });
  if (times.length !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${times.length}`);
  return times;
}

async function streaming(base: string) {
  const gaps: number[] = [];
  const rates: number[] = [];
  for (let run = 0; run < STREAM_RUNS; run++) {
    const times = await streamTimes(base);
    gaps.push(...times.slice(1).map((t, i) => t - times[i]!));
    rates.push((times.length - 1) / ((times.at(-1)! - times[0]!) / 1000));
  }
  return { median: quantile(gaps, 0.5), p99: quantile(gaps, 0.99), rate: quantile(rates, 0.5) };
}

async function smallRequests(base: string) {
  const durations: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    await call(`${base}/v1/messages`);
    durations.push(performance.now() - start);
  }
  return { median: quantile(durations, 0.5), p99: quantile(durations, 0.99) };
}

await smallRequests(upstreamUrl); // warm up both paths
await smallRequests(viaGateway);
const direct = await streaming(upstreamUrl);
const proxied = await streaming(viaGateway);
console.log(`Streaming ${EVENTS} SSE events × ${STREAM_RUNS} runs`);
console.log(`  direct:       gap median ${fmt(direct.median)}, p99 ${fmt(direct.p99)}, ${Math.round(direct.rate)} events/s`);
console.log(`  via gateway:  gap median ${fmt(proxied.median)}, p99 ${fmt(proxied.p99)}, ${Math.round(proxied.rate)} events/s`);
console.log(`  rate ratio (gateway / direct): ${(proxied.rate / direct.rate).toFixed(2)}`);
const directSmall = await smallRequests(upstreamUrl);
const proxiedSmall = await smallRequests(viaGateway);
console.log(`Small POST, ${REQUESTS} sequential requests`);
console.log(`  direct:       median ${fmt(directSmall.median)}, p99 ${fmt(directSmall.p99)}`);
console.log(`  via gateway:  median ${fmt(proxiedSmall.median)}, p99 ${fmt(proxiedSmall.p99)}`);
console.log(`  added by the gateway (median): ${fmt(proxiedSmall.median - directSmall.median)}`);

agent.destroy();
await gateway.close();
upstream.closeAllConnections();
upstream.close();
