// The workspace share (9p) against the host, on demand: `npx tsx bench/ninep-bench.ts` (needs
// `npm run build:node`). Each workload runs RUNS times (default 3) with the agent's bash tool
// in one box, on /workspace (the 9p share) and on the guest's /tmp (a tmpfs: the same guest
// CPU without 9p), and with bash on the host on the same folder. Box times are measured on
// the host, from the tool-call chunk to its result, less the median of a `true` call (the
// tool call's own cost), so every column is timed by the same clock. It prints the box's
// /workspace mount line first, so a table names the 9p options it measured. Results: docs/vm.md.
//  - git status --porcelain in a repository of FILES (default 5,000) files, committed on the host
//  - create 1,000 small files (bash builtins, no process per file), then read them back with cat
//  - write, then read, one SEQ_MIB (default 128) MiB file with dd
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Box } from "../runtime/box/box";
import { ModelServer } from "../test/model-server/model-server";
import { reply, toolCalls } from "../test/model-server/script";

const RUNS = Number(process.env["RUNS"] ?? 3);
const FILES = Number(process.env["FILES"] ?? 5000);
const SEQ_MIB = Number(process.env["SEQ_MIB"] ?? 128);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");

/** Each workload as a script run in the folder given as $1. */
const WORKLOADS: Array<[name: string, script: string]> = [
  [`git status, ${FILES} files`, 'cd "$1/repo" && git status --porcelain > /dev/null'],
  ["create 1,000 small files", 'rm -rf "$1/small" && mkdir "$1/small" && cd "$1/small" && for i in $(seq 1000); do echo "file $i" > "f$i"; done'],
  ["read 1,000 small files", 'cat "$1"/small/* > /dev/null'],
  [`write ${SEQ_MIB} MiB sequentially`, `dd if=/dev/zero of="$1/big" bs=1M count=${SEQ_MIB} conv=fsync 2> /dev/null`],
  [`read ${SEQ_MIB} MiB sequentially`, 'dd if="$1/big" of=/dev/null bs=1M 2> /dev/null'],
];

const workspace = mkdtempSync(join(tmpdir(), "ninep-bench-"));
const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...args], { cwd: join(workspace, "repo") });
mkdirSync(join(workspace, "repo"));
for (let i = 0; i < FILES; i++) {
  const dir = join(workspace, "repo", `d${Math.floor(i / 50)}`);
  if (i % 50 === 0) mkdirSync(dir);
  writeFileSync(join(dir, `f${i}.txt`), `line ${i}\n`);
}
git("init", "-q");
git("add", ".");
git("commit", "-qm", "files");

const models = await ModelServer.start();
let box: Box | undefined;
try {
  const hostMs = (script: string) => {
    const start = performance.now();
    execFileSync("bash", ["-c", script, "bench", workspace]);
    return performance.now() - start;
  };
  console.log(`load average before boot: ${load()}`);
  box = await Box.create({ workspace, bootTimeoutMs: 600_000, env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "bench" } });
  const client = box.client;
  /** One bash tool call in the box: its output, and milliseconds from the tool-call chunk to its result. */
  const boxCall = async (command: string) => {
    models.script(toolCalls([{ name: "bash", args: { command, timeout_ms: 1_800_000 } }]), reply("ok"));
    const session = await client.createSession();
    let callAt = 0;
    let resultAt = 0;
    let output = "";
    for await (const chunk of client.stream(session, "go")) {
      if (chunk.type === "tool-call") callAt = performance.now();
      if (chunk.type === "tool-result") {
        resultAt = performance.now();
        output = chunk.toolResult.output;
        if (!chunk.toolResult.output.endsWith("exit code: 0")) throw new Error(`${command} failed in the box: ${chunk.toolResult.output}`);
      }
    }
    return { output, ms: resultAt - callAt };
  };
  const boxCallMs = async (command: string) => (await boxCall(command)).ms;
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const boxMs = (script: string, dir: string) => boxCallMs(`bash -c ${quote(script)} bench ${dir}`);

  console.log(`the box's /workspace: ${(await boxCall("grep ' /workspace ' /proc/mounts")).output.split("\n")[0]}`);
  const overhead: number[] = [];
  for (let i = 0; i < 5; i++) overhead.push(await boxCallMs("true"));
  const base = median(overhead);
  // The tmpfs copy, and one warm-up each: git refreshes its index where the stat data differ.
  await boxCallMs("cp -a /workspace/repo /tmp/repo");
  for (const [, script] of WORKLOADS) {
    hostMs(script);
    await boxMs(script, "/workspace");
    await boxMs(script, "/tmp");
  }
  console.log(`load average after warm-up: ${load()}; a bash tool call's own cost: ${ms(base)} (subtracted); ${RUNS} runs, medians`);
  console.log("| workload | host | box, /workspace (9p) | box, /tmp (tmpfs) | 9p ÷ host | 9p ÷ box tmpfs |");
  console.log("|---|---|---|---|---|---|");
  for (const [name, script] of WORKLOADS) {
    const host: number[] = [];
    const share: number[] = [];
    const tmpfs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      host.push(hostMs(script));
      share.push(Math.max(1, (await boxMs(script, "/workspace")) - base));
      tmpfs.push(Math.max(1, (await boxMs(script, "/tmp")) - base));
    }
    const [h, s, t] = [median(host), median(share), median(tmpfs)];
    console.log(`| ${name} | ${ms(h)} | ${ms(s)} | ${ms(t)} | ${(s / h).toFixed(1)}× | ${(s / t).toFixed(1)}× |`);
  }
  console.log(`load average at the end: ${load()}`);
} finally {
  await box?.stop();
  await models.stop();
  rmSync(workspace, { recursive: true, force: true });
}
