// Where a box's boot time goes (on demand: `npx tsx bench/boot-profile.ts`; needs
// `npm run build:node`). Boots BOOTS boxes; for each, the host notes when QEMU is spawned and
// when each line of the serial console arrives, the guest's init prints marks with its
// uptime (`a3s-mark NAME SECONDS`), the agent prints `listening …`, and Box.create resolves at
// the first HealthCheck that answers. Prints the median of each step.
// FAST_START=1 profiles restores from a snapshot template instead (the first box, which makes
// the template, is not counted): from QEMU's spawn to the guest's `resumed` mark (QMP, loading
// the state, the attach line, reseed and clock), then the attach step's marks, then the agent.
// POOL=1 profiles takes from a warm pool of one instead (full again before each take; the first
// box, which fills it, is not counted): the host's steps of the take (runtime/vm/take-timeline.ts:
// the VM taken, the box's folders bound into its namespace, the attach line written), then the
// guest's marks from `resumed` on, as for a restore.
import { subscribe } from "node:diagnostics_channel";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Box } from "../runtime/box/box";
import { boxDir } from "../runtime/box/box-registry";
import { ensureGuestArtifacts } from "../runtime/vm/guest-artifacts";
import { takeTimeline, type TakeStep } from "../runtime/vm/take-timeline";
import { VmPool } from "../runtime/vm/vm-pool";

const BOOTS = Number(process.env["BOOTS"] ?? 3);
const POOL = process.env["POOL"] === "1";
const FAST_START = POOL || process.env["FAST_START"] === "1";
// In order: init's, then agent-ns's `node`, then the attach step's (guest/init/attach). A
// restored or pooled guest runs on from the template's `loaded`: its first mark is the attach step's `resumed`.
const GUEST_MARKS = FAST_START
  ? (["resumed", "shares", "namespaces", "attached"] as const)
  : (["init", "modules", "mounts", "network", "node", "loaded", "shares", "namespaces", "attached"] as const);

interface Boot {
  /** When Box.create was called, and when it began the VM's launch ("booting box"). */
  calledAt: number;
  spawnedAt: number;
  readyAt: number;
  /** Host arrival time of each console line of interest, and the guest uptime of each mark. */
  arrivals: Map<string, number>;
  uptimes: Map<string, number>;
}

const takes = new Map<string, Map<TakeStep, number>>();
subscribe(takeTimeline.name, (message) => {
  const { box, step, at } = message as { box: string; step: TakeStep; at: number };
  const steps = takes.get(box) ?? new Map<TakeStep, number>();
  takes.set(box, steps.set(step, at));
});

/** The serial log of the VM a box gets: the one VM waiting in the pool's folder (POOL), else the box's own folder's. */
function serialLogOf(id: string, poolDir: string | undefined): string {
  const waiting = poolDir && existsSync(poolDir) ? readdirSync(poolDir) : [];
  return waiting.length === 1 ? join(poolDir!, waiting[0]!, "serial.log") : join(boxDir(id), "serial.log");
}

async function profileBoot(workspace: string, pool?: { pool: VmPool; dir: string }): Promise<Boot & { take?: Map<TakeStep, number> }> {
  const boot: Boot = { calledAt: performance.now(), spawnedAt: 0, readyAt: 0, arrivals: new Map(), uptimes: new Map() };
  let id = "";
  let seen = 0;
  let log = "";
  const poll = setInterval(() => {
    if (!log) return;
    let text: string;
    try {
      text = readFileSync(log, "utf8");
    } catch {
      return;
    }
    const now = performance.now();
    const complete = text.lastIndexOf("\n") + 1;
    for (const line of text.slice(seen, complete).split("\n")) {
      const mark = /a3s-mark (\w+) ([\d.]+)/.exec(line);
      if (mark && !boot.uptimes.has(mark[1]!)) {
        boot.uptimes.set(mark[1]!, Number(mark[2]) * 1000);
        boot.arrivals.set(mark[1]!, now);
      }
      if (/^listening /.test(line) && !boot.arrivals.has("listening")) boot.arrivals.set("listening", now);
    }
    seen = complete;
  }, 5);
  try {
    const box = await Box.create({
      workspace,
      network: "none",
      memoryMiB: 1024,
      fastStart: FAST_START,
      ...(pool ? { pool: pool.pool } : {}),
      onProgress: (message) => {
        const booting = /^booting box (\w+)/.exec(message)?.[1];
        if (!booting) return;
        id = booting;
        boot.spawnedAt = performance.now();
        log = serialLogOf(id, pool?.dir);
      },
    });
    boot.readyAt = performance.now();
    await box.stop();
  } finally {
    clearInterval(poll);
  }
  return { ...boot, take: takes.get(id) };
}

type Step = [name: string, of: (b: Boot) => number];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await ensureGuestArtifacts({ onProgress: (m) => console.error(m) });
const workspace = mkdtempSync(join(tmpdir(), "boot-profile-"));
const poolDir = mkdtempSync(join(tmpdir(), "boot-profile-pool-"));
const pool = POOL ? { pool: new VmPool({ size: 1, dir: poolDir, onWarning: (m) => console.error(`pool warning: ${m}`) }), dir: poolDir } : undefined;
try {
  if (FAST_START) {
    // With POOL, this box fills the pool once it is ready.
    const made = await profileBoot(workspace, pool);
    if (!made.uptimes.has("resumed")) throw new Error("the first fastStart box was booted cold, not restored");
    console.log(`first fastStart box (template made if missing, then restored): ${(made.readyAt - made.spawnedAt).toFixed(0)} ms`);
  }
  const boots: Array<Boot & { take?: Map<TakeStep, number> }> = [];
  for (let i = 0; i < BOOTS; i++) {
    await pool?.pool.settled();
    const boot = await profileBoot(workspace, pool);
    if (pool && boot.take?.get("attach-line") === undefined) throw new Error("the box was not taken from the pool");
    boots.push(boot);
  }
  const start = GUEST_MARKS[0];
  // The guest's clock of uptime placed on the host's: when the first mark arrived, less its uptime.
  const kernelAt = (b: Boot) => b.arrivals.get(start)! - b.uptimes.get(start)!;
  const taken = (b: Boot & { take?: Map<TakeStep, number> }, step: TakeStep) => b.take!.get(step)!;
  const first: Step[] = POOL
    ? [
        ["Box.create called → launch begins", (b) => b.spawnedAt - b.calledAt],
        ["launch → VM taken from the pool", (b) => taken(b, "take") - b.spawnedAt],
        ["taken → box's folders bound in QEMU's namespace", (b) => taken(b, "bound") - taken(b, "take")],
        ["bound → attach line written", (b) => taken(b, "attach-line") - taken(b, "bound")],
        ["attach line → resumed (line read, RNG reseeded, clock set)", (b) => b.arrivals.get(start)! - taken(b, "attach-line")],
      ]
    : FAST_START
      ? [["QEMU spawned → resumed (state loaded, attach line read)", (b) => b.arrivals.get(start)! - b.spawnedAt]]
      : [
          ["QEMU spawned → kernel starts", (b) => kernelAt(b) - b.spawnedAt],
          ["kernel → init (PID 1)", (b) => b.uptimes.get("init")!],
        ];
  const steps: Step[] = [
    ...first,
    ...GUEST_MARKS.slice(1).map((name, i): Step => [
      `${GUEST_MARKS[i]} → ${name}`,
      (b) => b.uptimes.get(name)! - b.uptimes.get(GUEST_MARKS[i]!)!,
    ]),
    ["attached → agent listening", (b) => b.arrivals.get("listening")! - (kernelAt(b) + b.uptimes.get("attached")!)],
    ["listening → first HealthCheck answered", (b) => b.readyAt - b.arrivals.get("listening")!],
    [POOL ? "total: launch → ready" : "total: QEMU spawned → ready", (b) => b.readyAt - b.spawnedAt],
    ...(POOL ? [["total: Box.create called → ready", (b: Boot) => b.readyAt - b.calledAt] as Step] : []),
  ];
  const what = POOL ? "take-from-pool" : FAST_START ? "restore" : "boot";
  console.log(`${what} profile, median of ${BOOTS} (memoryMiB 1024, network none; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")})`);
  for (const [name, of] of steps) {
    const values = boots.map(of);
    console.log(`${name.padEnd(60)} ${median(values).toFixed(0).padStart(6)} ms  [${values.map((v) => v.toFixed(0)).join(", ")}]`);
  }
} finally {
  await pool?.pool.dispose();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(poolDir, { recursive: true, force: true });
}
