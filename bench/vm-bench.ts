// MicroVM benchmarks (on demand: `npx tsx bench/vm-bench.ts`; needs `npm run build:node`).
//  1. Boot-to-ready of a box (Box.create until the agent answers HealthCheck), median of
//     BOOTS, next to the floor on the same accelerator: QEMU with the same kernel and an init
//     that powers off at once. Guest artifacts and the accelerator probe are cached first.
//  2. Restore-to-ready of a box from its snapshot template (fastStart; the template is made
//     first and that box's time reported apart), median of BOOTS, next to the cold boot.
//  3. Take-from-pool to ready: Box.create with a warm pool (runtime/vm/vm-pool.ts) of one,
//     full again before each box, until the taken VM's agent answers HealthCheck.
//  4. PARALLEL boxes created at once, booted cold, taken from a warm pool of PARALLEL (filled
//     first; it refills in the background as the boxes take from it, as in the app) and
//     restored: until the last is ready, next to one box; then the idle RSS and PSS of each
//     restored box's VM process (PSS counts pages shared between them once: restored boxes
//     share their template's pages).
//  5. A bash `true` tool call inside a ready box: from the tool-call chunk to its result at
//     the client, median and p99, and the whole model turn.
// TCG's translation cache is set to TB_SIZE_MIB (default 256; 0 = QEMU's own, 1 GiB in 7.2).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Box } from "../runtime/box/box";
import type { VmBackend } from "../runtime/vm/backend";
import { bootFloor } from "../runtime/vm/qemu/accelerator";
import { QemuBackend } from "../runtime/vm/qemu/qemu-backend";
import { qemuBinaryName } from "../runtime/vm/qemu/qemu-binary";
import { ensureGuestArtifacts, guestCacheDir } from "../runtime/vm/guest-artifacts";
import { VmPool } from "../runtime/vm/vm-pool";
import { ModelServer } from "../test/model-server/model-server";
import { reply, toolCalls } from "../test/model-server/script";

const BOOTS = Number(process.env["BOOTS"] ?? 5);
const TOOL_RUNS = Number(process.env["TOOL_RUNS"] ?? 30);
const PARALLEL = Number(process.env["PARALLEL"] ?? 8);
const TB_SIZE_MIB = Number(process.env["TB_SIZE_MIB"] ?? 256);

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${x.toFixed(0)} ms`;
/** A failure's first line and the last lines of the console it carries (the guest's or QEMU's last words). */
const briefly = (message: string) => {
  const [first, ...rest] = message.split("\n").filter((line) => line.trim());
  return [first, ...rest.slice(-4).map((line) => `    ${line}`)].join("\n");
};
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
/** A "Name:   123 kB" field of a /proc file. */
const kib = (file: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(file, "utf8"))?.[1]);

const workspace = mkdtempSync(join(tmpdir(), "vm-bench-"));
const models = await ModelServer.start();
const env = { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "bench" };

try {
  const artifacts = await ensureGuestArtifacts({ onProgress: (m) => console.error(m) });
  const qemu = new QemuBackend({
    kernel: artifacts.kernel,
    floorInitramfs: artifacts.floorInitramfs,
    cacheDir: guestCacheDir(),
    ...(TB_SIZE_MIB > 0 ? { tcgTbSizeMiB: TB_SIZE_MIB } : {}),
  });
  const backend: VmBackend = qemu;
  const warnings: string[] = [];
  const restoring = new QemuBackend({
    kernel: artifacts.kernel,
    floorInitramfs: artifacts.floorInitramfs,
    cacheDir: guestCacheDir(),
    ...(TB_SIZE_MIB > 0 ? { tcgTbSizeMiB: TB_SIZE_MIB } : {}),
    templates: { dir: join(guestCacheDir(), "templates") },
    onWarning: (m) => warnings.push(m),
  });
  const accel = await qemu.chosenAccelerator();
  const tb = accel !== "tcg" ? "" : `; TCG translation cache ${TB_SIZE_MIB > 0 ? `${TB_SIZE_MIB} MiB` : "QEMU's default"}`;
  console.log(`accelerator: ${accel}${tb}; kernel ${artifacts.kernelRelease}; ${BOOTS} boots; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);

  const floor: number[] = [];
  for (let i = 0; i < BOOTS; i++) {
    const result = await bootFloor({ qemu: qemuBinaryName(), kernel: artifacts.kernel, floorInitramfs: artifacts.floorInitramfs }, accel, 120_000);
    if (!result.ok) throw new Error(`the floor did not boot: ${result.reason}`);
    floor.push(result.ms);
  }

  const boots: number[] = [];
  for (let i = 0; i < BOOTS; i++) {
    const started = performance.now();
    const box = await Box.create({ workspace, env, memoryMiB: 1024, backend });
    boots.push(performance.now() - started);
    await box.stop();
  }
  console.log(`floor (boot + poweroff)       median ${ms(median(floor))}  [${floor.map(ms).join(", ")}]`);
  console.log(`box boot-to-ready             median ${ms(median(boots))}  [${boots.map(ms).join(", ")}]`);
  console.log(`ratio box / floor             ${(median(boots) / median(floor)).toFixed(1)}×`);

  const restores: number[] = [];
  for (let i = 0; i <= BOOTS; i++) {
    const started = performance.now();
    const box = await Box.create({ workspace, env, memoryMiB: 1024, backend: restoring });
    const took = performance.now() - started;
    if (!box.logs().includes("a3s-mark resumed")) throw new Error(`box ${box.id} was booted cold, not restored: ${warnings.join("; ")}`);
    if (i === 0) console.log(`first fastStart box           ${ms(took)} (its template made, then restored)`);
    else restores.push(took);
    await box.stop();
  }
  console.log(`box restore-to-ready          median ${ms(median(restores))}  [${restores.map(ms).join(", ")}]`);
  console.log(`ratio restored / cold box     ${(median(restores) / median(boots)).toFixed(2)}×`);

  // The first box fills the pool; each later one is taken from it once it is full again.
  const takes: number[] = [];
  {
    await using pool = new VmPool({ size: 1 });
    for (let i = 0; i <= BOOTS; i++) {
      await pool.settled();
      const started = performance.now();
      const box = await Box.create({ workspace, env, memoryMiB: 1024, backend: restoring, pool, onProgress: (m) => m.startsWith("warning") && warnings.push(m) });
      const took = performance.now() - started;
      const pooled = readFileSync(`/proc/${box.vmPid}/cmdline`, "utf8").includes("a3s-box-pool-");
      if (i > 0 && !pooled) throw new Error(`box ${box.id} was not taken from the pool: ${warnings.join("; ")}`);
      if (i > 0) takes.push(took);
      await box.stop();
    }
  }
  console.log(`box take-from-pool to ready   median ${ms(median(takes))}  [${takes.map(ms).join(", ")}] (Box.create until the first HealthCheck answers)`);

  // Each box's own boot timeout (120 s) still applies: on a loaded machine some may fail.
  const atOnce = async (how: string, from: VmBackend, one: number, pool?: VmPool): Promise<Box[]> => {
    const startedAll = performance.now();
    const readyAt: number[] = [];
    const settled = await Promise.allSettled(
      Array.from({ length: PARALLEL }, () => Box.create({ workspace, env, memoryMiB: 1024, backend: from, ...(pool ? { pool } : {}) }).then((b) => (readyAt.push(performance.now() - startedAll), b))),
    );
    const many = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const failed = settled.flatMap((r) => (r.status === "rejected" ? [briefly((r.reason as Error).message)] : []));
    const allMs = Math.max(...readyAt);
    const last = many.length > 0 ? `${ms(allMs)} (${(allMs / one).toFixed(1)}× one box)` : "never";
    console.log(`${PARALLEL} boxes at once, ${how}  last ready ${last}; ${many.length} of ${PARALLEL} ready`);
    if (failed.length > 0) console.log(`  ${failed.length} failed:\n  ${failed.join("\n  ")}`);
    return many;
  };
  const cold = await atOnce("cold,    ", backend, median(boots));
  await Promise.all(cold.map((b) => b.stop()));
  {
    await using pool = new VmPool({ size: PARALLEL });
    await Box.fillPool({ workspace, env, memoryMiB: 1024, backend: restoring, pool, onProgress: (m) => m.startsWith("warning") && warnings.push(m) });
    const taken = await atOnce("pooled,  ", restoring, median(takes), pool);
    const notPooled = taken.filter((b) => !readFileSync(`/proc/${b.vmPid}/cmdline`, "utf8").includes("a3s-box-pool-")).length;
    if (notPooled > 0) console.log(`  ${notPooled} of them not taken from the pool: ${warnings.join("; ")}`);
    await Promise.all(taken.map((b) => b.stop()));
  }
  const coldWarnings = warnings.length;
  const many = await atOnce("restored,", restoring, median(restores));
  if (warnings.length > coldWarnings) console.log(`  ${warnings.length - coldWarnings} of them booted cold: ${warnings.slice(coldWarnings).join("; ")}`);
  if (many.length === 0) many.push(await Box.create({ workspace, env, memoryMiB: 1024, backend }));
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const rss = many.map((b) => kib(`/proc/${b.vmPid}/status`, "VmRSS"));
  const pss = many.map((b) => kib(`/proc/${b.vmPid}/smaps_rollup`, "Pss"));
  console.log(`idle VM process RSS per box   median ${mib(median(rss))}, PSS median ${mib(median(pss))} (${many.length} restored boxes, memoryMiB 1024)`);
  await Promise.all(many.slice(1).map((b) => b.stop()));
  await using box = many[0]!;

  const session = await box.client.createSession();
  const toolMs: number[] = [];
  const turnMs: number[] = [];
  for (let i = 0; i < TOOL_RUNS + 2; i++) {
    models.script(toolCalls([{ name: "bash", args: { command: "true" } }]), reply("ok"));
    const started = performance.now();
    let callAt = 0;
    let resultAt = 0;
    for await (const chunk of box.client.stream(session, "run true")) {
      if (chunk.type === "tool-call") callAt = performance.now();
      if (chunk.type === "tool-result") resultAt = performance.now();
    }
    // The first two warm up the agent's code paths and the guest's page cache.
    if (i >= 2) {
      toolMs.push(resultAt - callAt);
      turnMs.push(performance.now() - started);
    }
  }
  console.log(`bash \`true\` tool call          median ${ms(median(toolMs))}, p99 ${ms(quantile(toolMs, 0.99))} (${TOOL_RUNS} runs)`);
  console.log(`whole turn (2 model requests) median ${ms(median(turnMs))}, p99 ${ms(quantile(turnMs, 0.99))}`);
} finally {
  await models.stop();
  rmSync(workspace, { recursive: true, force: true });
}
