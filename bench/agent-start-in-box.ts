// Fresh starts of the agent inside one booted box (on demand: `npx tsx
// bench/agent-start-in-box.ts`; needs `npm run build:node`), to compare ways of starting it side
// by side under the same load. Through the box's bash tool, each round starts each of VARIANTS
// (`label=/program/in/the/guest …`; default: the layer's loader, with its code cache, and the
// bundle it loads, without) as agent-ns does: the layer's Node, the layer's skills, an attach
// fifo. It times, from that Node's spawn, `loaded` (the agent opens the fifo: ready but for its
// box) and `listening` (attached and serving), interleaved over ROUNDS (3), and prints each
// variant's medians. SHARE=DIR copies a host folder into the box as /tmp/share, e.g. an older
// dist/guest to start its agent.cjs. PROFILE=DIR adds one run of each with `--cpu-prof` and
// copies the profiles to DIR/<label>/.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Box } from "../runtime/box/box";
import { ModelServer } from "../test/model-server/model-server";
import { reply, toolCalls } from "../test/model-server/script";

const ROUNDS = Number(process.env["ROUNDS"] ?? 3);
const VARIANTS = (process.env["VARIANTS"] ?? "loader=/opt/a3s/agent-loader.cjs bundle=/opt/a3s/agent.cjs").split(" ").map((v) => v.split("=") as [string, string]);
const SHARE = process.env["SHARE"];
const PROFILE = process.env["PROFILE"];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");

let n = 0;
/** A shell script that starts `program` as agent-ns does and prints `LABEL loaded_ms X listening_ms Y`. */
const startScript = (label: string, program: string, flags: string) => {
  n++;
  return `
set -e; T=/tmp/r${n}; mkdir -p $T/w $T/s; mkfifo $T/f
t0=$(date +%s%N)
/opt/a3s/bin/a3s-node ${flags} ${program} --listen 127.0.0.1:${4900 + n} --skills-dir /opt/a3s/skills --attach $T/f > $T/out 2>&1 &
pid=$!
exec 3>$T/f; t1=$(date +%s%N)
echo '{"args":["--workspace","'$T'/w","--state-dir","'$T'/s","--token","t"],"env":{}}' >&3; exec 3>&-
until grep -q listening $T/out; do sleep 0.02; done; t2=$(date +%s%N)
kill -INT $pid; wait $pid || true
grep -v listening $T/out | head -3
echo "${label} loaded_ms $(( (t1-t0)/1000000 )) listening_ms $(( (t2-t0)/1000000 ))"
`;
};

const workspace = mkdtempSync(join(tmpdir(), "agent-start-"));
if (SHARE) cpSync(SHARE, join(workspace, "share"), { recursive: true });
const models = await ModelServer.start();
try {
  await using box = await Box.create({ workspace, env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "bench" }, memoryMiB: 1024 });
  console.log(`box ready (memoryMiB 1024); load average ${load()}`);
  const session = await box.client.createSession();
  const run = async (command: string) => {
    models.script(toolCalls([{ name: "bash", args: { command, timeout_ms: 600_000 } }]), reply("ok"));
    let output = "";
    for await (const chunk of box.client.stream(session, "start the agent")) if (chunk.type === "tool-result") output += chunk.toolResult.output;
    return output.trim();
  };
  if (SHARE) await run("cp -r /workspace/share /tmp/share");
  const times = new Map<string, { loaded: number[]; listening: number[] }>(VARIANTS.map(([label]) => [label, { loaded: [], listening: [] }]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [label, program] of VARIANTS) {
      const output = await run(startScript(label, program, ""));
      console.log(output.replace(/^exit code: 0$/m, "").trim());
      const m = new RegExp(`^${label} loaded_ms (\\d+) listening_ms (\\d+)$`, "m").exec(output);
      if (!m) throw new Error(`${label} did not start: ${output}`);
      times.get(label)!.loaded.push(Number(m[1]));
      times.get(label)!.listening.push(Number(m[2]));
    }
  }
  console.log(`median of ${ROUNDS}, from Node's spawn (load average ${load()}):`);
  for (const [label, { loaded, listening }] of times) {
    console.log(`  ${label.padEnd(10)} loaded ${median(loaded)} ms [${loaded.join(", ")}]  listening ${median(listening)} ms [${listening.join(", ")}]`);
  }
  if (PROFILE) {
    for (const [label, program] of VARIANTS) await run(startScript(label, program, `--cpu-prof --cpu-prof-dir=/workspace/prof/${label} --cpu-prof-interval=2000`));
    cpSync(join(workspace, "prof"), PROFILE, { recursive: true });
  }
} finally {
  await models.stop();
  rmSync(workspace, { recursive: true, force: true });
}
