// Agent benchmarks (run on demand: `npx tsx bench/agent-bench.ts`; needs `npm run build:node`).
// The built agent runs as a process on this host with the test model server as its provider.
//  1. Streaming: 10,000 text deltas end to end (model server → agent → gRPC → client), the
//     gap between chunks at the client (median, p99) and chunks per second, next to the same
//     stream read straight from the model server.
//  2. Tool turn: a model turn that calls `bash true`, against spawning `bash -c true` directly.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { startAgent } from "../test/helpers/agent-process";
import { ModelServer } from "../test/model-server/model-server";
import { reply, toolCalls } from "../test/model-server/script";

const DELTAS = 10_000;
const STREAM_RUNS = 5;
const TURN_RUNS = 30;

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

/** Gaps between consecutive arrivals and the rate from the first to the last. */
function gapsAndRate(times: number[]) {
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  return { gaps, rate: (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000) };
}

const models = await ModelServer.start();
const agent = await startAgent({ env: models.env() });
const deltas = Array.from({ length: DELTAS }, (_, i) => `w${i} `);

try {
  // 1a. Straight from the model server (what the agent's provider reads).
  const direct = { p50: [] as number[], p99: [] as number[], rate: [] as number[], total: [] as number[] };
  for (let run = 0; run < STREAM_RUNS; run++) {
    models.script(reply(deltas));
    const started = performance.now();
    const res = await fetch(`${models.url}/v1/messages`, { method: "POST", body: JSON.stringify({ model: "bench", stream: true }) });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const times: number[] = [];
    let buffered = "";
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      buffered += part.value;
      const events = buffered.split("\n\n");
      buffered = events.pop()!;
      for (const event of events) if (event.includes('"text_delta"')) times.push(performance.now());
    }
    direct.total.push(performance.now() - started);
    const { gaps, rate } = gapsAndRate(times);
    direct.p50.push(median(gaps));
    direct.p99.push(quantile(gaps, 0.99));
    direct.rate.push(rate);
  }

  // 1b. Through the agent and gRPC to the client.
  const viaAgent = { p50: [] as number[], p99: [] as number[], rate: [] as number[], total: [] as number[] };
  const sessionId = await agent.client.createSession();
  for (let run = 0; run < STREAM_RUNS; run++) {
    await agent.client.clear(sessionId);
    models.script(reply(deltas));
    const times: number[] = [];
    const started = performance.now();
    for await (const chunk of agent.client.stream(sessionId, "stream")) if (chunk.type === "text-delta") times.push(performance.now());
    if (times.length !== DELTAS) throw new Error(`expected ${DELTAS} deltas, got ${times.length}`);
    const { gaps, rate } = gapsAndRate(times);
    viaAgent.p50.push(median(gaps));
    viaAgent.p99.push(quantile(gaps, 0.99));
    viaAgent.rate.push(rate);
    viaAgent.total.push(performance.now() - started);
  }

  console.log(`streaming ${DELTAS} text deltas, median of ${STREAM_RUNS} runs`);
  // Gaps are between arrivals as the reader sees them; chunks that come in one read have ~0 gap.
  const perChunk = (totals: number[]) => median(totals) / DELTAS;
  console.log(`  model server alone:   gap median ${fmt(median(direct.p50))}, p99 ${fmt(median(direct.p99))}, ${Math.round(median(direct.rate))} chunks/s, whole stream ${fmt(median(direct.total))} (${fmt(perChunk(direct.total))}/chunk)`);
  console.log(`  through agent + gRPC: gap median ${fmt(median(viaAgent.p50))}, p99 ${fmt(median(viaAgent.p99))}, ${Math.round(median(viaAgent.rate))} chunks/s, whole turn ${fmt(median(viaAgent.total))} (${fmt(perChunk(viaAgent.total))}/chunk)`);
  console.log(`  per-chunk overhead of the agent path: ${fmt(perChunk(viaAgent.total) - perChunk(direct.total))}`);

  // 2. A model turn that runs `bash true`, against spawning it directly.
  const turn: number[] = [];
  for (let run = 0; run < TURN_RUNS; run++) {
    await agent.client.clear(sessionId);
    models.script(toolCalls([{ name: "bash", args: { command: "true" } }]), reply("ok"));
    const started = performance.now();
    const result = await agent.client.generate(sessionId, "run true");
    turn.push(performance.now() - started);
    if (result.toolResults[0]?.output !== "exit code: 0") throw new Error(`unexpected tool result ${JSON.stringify(result.toolResults)}`);
  }
  const spawnDirect: number[] = [];
  for (let run = 0; run < TURN_RUNS; run++) {
    const started = performance.now();
    const child = spawn("bash", ["-c", "true"], { stdio: "ignore" });
    await once(child, "exit");
    spawnDirect.push(performance.now() - started);
  }
  console.log(`tool turn (two model requests + bash true), median of ${TURN_RUNS}: ${fmt(median(turn))}`);
  console.log(`spawn bash -c true directly, median of ${TURN_RUNS}: ${fmt(median(spawnDirect))}`);
  console.log(`ratio: ${(median(turn) / median(spawnDirect)).toFixed(1)}x`);
} finally {
  await agent.stop();
  await models.stop();
}
