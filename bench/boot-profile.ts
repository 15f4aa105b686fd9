// Where a box's boot time goes (on demand: `npx tsx bench/boot-profile.ts`; needs
// `npm run build:node`). Boots BOOTS boxes; for each, the host notes when QEMU is spawned and
// when each line of the serial console arrives, the guest's init prints marks with its
// uptime (`a3s-mark NAME SECONDS`), the agent prints `listening …`, and Box.create resolves at
// the first HealthCheck that answers. Prints the median of each step.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Box } from "../runtime/box/box";
import { boxDir } from "../runtime/box/box-registry";
import { ensureGuestArtifacts } from "../runtime/vm/guest-artifacts";

const BOOTS = Number(process.env["BOOTS"] ?? 3);
// In order: init's, then agent-ns's `node`, then the attach step's (guest/init/attach).
const GUEST_MARKS = ["init", "modules", "mounts", "network", "node", "loaded", "shares", "namespaces", "attached"] as const;

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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await ensureGuestArtifacts({ onProgress: (m) => console.error(m) });
const workspace = mkdtempSync(join(tmpdir(), "boot-profile-"));
try {
  const boots: Boot[] = [];
  for (let i = 0; i < BOOTS; i++) boots.push(await profileBoot(workspace));
  // The kernel's start on the host's clock: when the first mark arrived, less its uptime.
  const kernelAt = (b: Boot) => b.arrivals.get("init")! - b.uptimes.get("init")!;
  const steps: Array<[string, (b: Boot) => number]> = [
    ["QEMU spawned → kernel starts", (b) => kernelAt(b) - b.spawnedAt],
    ["kernel → init (PID 1)", (b) => b.uptimes.get("init")!],
    ...GUEST_MARKS.slice(1).map((name, i): [string, (b: Boot) => number] => [
      `${GUEST_MARKS[i]} → ${name}`,
      (b) => b.uptimes.get(name)! - b.uptimes.get(GUEST_MARKS[i]!)!,
    ]),
    ["attached → agent listening", (b) => b.arrivals.get("listening")! - (kernelAt(b) + b.uptimes.get("attached")!)],
    ["listening → first HealthCheck answered", (b) => b.readyAt - b.arrivals.get("listening")!],
    ["total: QEMU spawned → ready", (b) => b.readyAt - b.spawnedAt],
  ];
  console.log(`boot profile, median of ${BOOTS} boots (memoryMiB 1024, network none)`);
  for (const [name, of] of steps) {
    const values = boots.map(of);
    console.log(`${name.padEnd(42)} ${median(values).toFixed(0).padStart(6)} ms  [${values.map((v) => v.toFixed(0)).join(", ")}]`);
  }
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
