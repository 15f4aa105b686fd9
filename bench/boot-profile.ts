// Where a box's boot time goes (on demand: `npx tsx bench/boot-profile.ts`; needs
// `npm run build:node`). Boots BOOTS boxes; for each, the host notes when QEMU is spawned and
// when each line of the serial console arrives, the guest's init prints marks with its
// uptime (`a3s-mark NAME SECONDS`), the agent prints `listening …`, and Box.create resolves at
// the first HealthCheck that answers. Prints the median of each step.
// FAST_START=1 profiles restores from a snapshot template instead (the first box, which makes
// the template, is not counted): from QEMU's spawn to the guest's `resumed` mark (QMP, loading
// the state, the attach line, reseed and clock), then the attach step's marks, then the agent.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Box } from "../runtime/box/box";
import { boxDir } from "../runtime/box/box-registry";
import { ensureGuestArtifacts } from "../runtime/vm/guest-artifacts";

const BOOTS = Number(process.env["BOOTS"] ?? 3);
const FAST_START = process.env["FAST_START"] === "1";
// In order: init's, then agent-ns's `node`, then the attach step's (guest/init/attach). A
// restored guest runs on from the template's `loaded`: its first mark is the attach step's `resumed`.
const GUEST_MARKS = FAST_START
  ? (["resumed", "shares", "namespaces", "attached"] as const)
  : (["init", "modules", "mounts", "network", "node", "loaded", "shares", "namespaces", "attached"] as const);

interface Boot {
  spawnedAt: number;
  readyAt: number;
  /** Host arrival time of each console line of interest, and the guest uptime of each mark. */
  arrivals: Map<string, number>;
  uptimes: Map<string, number>;
}

async function profileBoot(workspace: string): Promise<Boot> {
  const boot: Boot = { spawnedAt: 0, readyAt: 0, arrivals: new Map(), uptimes: new Map() };
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
      onProgress: (message) => {
        const id = /^booting box (\w+)/.exec(message)?.[1];
        if (!id) return;
        boot.spawnedAt = performance.now();
        log = join(boxDir(id), "serial.log");
      },
    });
    boot.readyAt = performance.now();
    await box.stop();
  } finally {
    clearInterval(poll);
  }
  return boot;
}

type Step = [name: string, of: (b: Boot) => number];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await ensureGuestArtifacts({ onProgress: (m) => console.error(m) });
const workspace = mkdtempSync(join(tmpdir(), "boot-profile-"));
try {
  if (FAST_START) {
    const made = await profileBoot(workspace);
    if (!made.uptimes.has("resumed")) throw new Error("the first fastStart box was booted cold, not restored");
    console.log(`first fastStart box (template made, then restored): ${(made.readyAt - made.spawnedAt).toFixed(0)} ms`);
  }
  const boots: Boot[] = [];
  for (let i = 0; i < BOOTS; i++) boots.push(await profileBoot(workspace));
  const start = GUEST_MARKS[0];
  // The guest's clock of uptime placed on the host's: when the first mark arrived, less its uptime.
  const kernelAt = (b: Boot) => b.arrivals.get(start)! - b.uptimes.get(start)!;
  const first: Step[] = FAST_START
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
    ["total: QEMU spawned → ready", (b) => b.readyAt - b.spawnedAt],
  ];
  console.log(`${FAST_START ? "restore" : "boot"} profile, median of ${BOOTS} (memoryMiB 1024, network none; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")})`);
  for (const [name, of] of steps) {
    const values = boots.map(of);
    console.log(`${name.padEnd(56)} ${median(values).toFixed(0).padStart(6)} ms  [${values.map((v) => v.toFixed(0)).join(", ")}]`);
  }
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
