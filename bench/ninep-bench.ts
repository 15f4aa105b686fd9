// The workspace share against the host, on demand: `npx tsx bench/ninep-bench.ts` (needs
// `npm run build:node`). Each workload runs RUNS times (default 3) with the agent's bash tool
// in one box per share kind of SHARES (default `9p,virtiofs-none,virtiofs-auto,virtiofs-always`:
// 9p, or virtio-fs with virtiofsd's cache mode) on /workspace, in the first box also on the
// guest's /tmp (a tmpfs: the same guest CPU without a share), and with bash on the host on the
// same folder. Box times are measured on the host, from the tool-call chunk to its result, less
// the median of a `true` call (the tool call's own cost), so every column is timed by the same
// clock. It prints each box's /workspace mount line, so a table names what it measured.
// Results: docs/vm.md.
//  - git status --porcelain in a repository of FILES (default 5,000) files, committed on the host
//  - create 1,000 small files (bash builtins, no process per file), then read them back with cat
//  - write, then read, one SEQ_MIB (default 128) MiB file with dd
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Box } from "../runtime/box/box";
import { ensureGuestArtifacts, guestCacheDir } from "../runtime/vm/guest-artifacts";
import { QemuBackend } from "../runtime/vm/qemu/qemu-backend";
import type { VirtiofsTransport } from "../runtime/vm/qemu/qemu-args";
import type { VirtiofsCache } from "../runtime/vm/qemu/virtiofsd";
import { ModelServer } from "../test/model-server/model-server";
import { boxBash, makeRepoWorkspace } from "./share-workspace";

const RUNS = Number(process.env["RUNS"] ?? 3);
const FILES = Number(process.env["FILES"] ?? 5000);
const SEQ_MIB = Number(process.env["SEQ_MIB"] ?? 128);
const SHARES = (process.env["SHARES"] ?? "9p,virtiofs-none,virtiofs-auto,virtiofs-always").split(",");
/** A box call not back by then fails the bench (a virtio-fs share can hang: bench/share-soak.ts). */
const BOUND_MS = Number(process.env["BOUND_S"] ?? 600) * 1000;

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

const workspace = makeRepoWorkspace(FILES);

const models = await ModelServer.start();
const artifacts = await ensureGuestArtifacts({ onProgress: (m) => console.error(m) });
const hostMs = (script: string) => {
  const start = performance.now();
  execFileSync("bash", ["-c", script, "bench", workspace]);
  return performance.now() - start;
};
const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
/** Milliseconds per workload (medians of RUNS), by column. */
const columns = new Map<string, number[]>();
const medianOf = async (measure: (script: string) => Promise<number> | number) => {
  const medians: number[] = [];
  for (const [, script] of WORKLOADS) {
    await measure(script); // warm-up: git refreshes its index where the stat data differ
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) xs.push(await measure(script));
    medians.push(median(xs));
  }
  return medians;
};
try {
  console.log(`load average at the start: ${load()}`);
  columns.set("host", await medianOf(hostMs));
  for (const [index, kind] of SHARES.entries()) {
    const virtiofs = /^virtiofs-(?:(mmio|pci)-)?(none|auto|always)$/.exec(kind);
    if (kind !== "9p" && !virtiofs) throw new Error(`SHARES: unknown share kind ${kind}`);
    const transport = virtiofs?.[1] as VirtiofsTransport | undefined;
    const backend = new QemuBackend({ kernel: artifacts.kernel, floorInitramfs: artifacts.floorInitramfs, cacheDir: guestCacheDir(), virtiofs: virtiofs ? { cache: virtiofs[2] as VirtiofsCache, ...(transport ? { transport } : {}) } : false });
    const box = await Box.create({ workspace, backend, bootTimeoutMs: 600_000, env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "bench" } });
    try {
      const boxCall = (command: string) => boxBash(box, models, command, BOUND_MS);
      console.log(`${kind}: the box's /workspace: ${(await boxCall("grep ' /workspace ' /proc/mounts")).output.split("\n")[0]}`);
      const overhead: number[] = [];
      for (let i = 0; i < 5; i++) overhead.push((await boxCall("true")).ms);
      const base = median(overhead);
      console.log(`${kind}: a bash tool call's own cost: ${ms(base)} (subtracted); load average: ${load()}`);
      const boxMs = async (script: string, dir: string) => Math.max(1, (await boxCall(`bash -c ${quote(script)} bench ${dir}`)).ms - base);
      if (index === 0) {
        await boxCall("cp -a /workspace/repo /tmp/repo");
        columns.set("box tmpfs", await medianOf((script) => boxMs(script, "/tmp")));
      }
      columns.set(`box ${kind}`, await medianOf((script) => boxMs(script, "/workspace")));
    } finally {
      await box.stop();
    }
  }
  console.log(`load average at the end: ${load()}; ${RUNS} runs, medians`);
  const names = [...columns.keys()];
  const shares = names.filter((n) => n !== "host" && n !== "box tmpfs");
  console.log(`| workload | ${names.join(" | ")} | ${shares.map((n) => `${n.slice(4)} ÷ host | ${n.slice(4)} ÷ tmpfs`).join(" | ")} |`);
  console.log(`|---|${names.map(() => "---|").join("")}${shares.map(() => "---|---|").join("")}`);
  WORKLOADS.forEach(([name], w) => {
    const at = (n: string) => columns.get(n)?.[w] ?? NaN;
    const ratios = shares.map((n) => `${(at(n) / at("host")).toFixed(1)}× | ${(at(n) / at("box tmpfs")).toFixed(1)}×`);
    console.log(`| ${name} | ${names.map((n) => ms(at(n))).join(" | ")} | ${ratios.join(" | ")} |`);
  });
} finally {
  await models.stop();
  rmSync(workspace, { recursive: true, force: true });
}
