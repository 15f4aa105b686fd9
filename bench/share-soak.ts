// Does a virtio-fs share ever stop answering? `npx tsx bench/share-soak.ts` (needs
// `npm run build:node`) runs the share workload — git status in a repository of FILES (5,000)
// files, then create and read 1,000 small files, in /workspace — ROUNDS times (30) with the
// agent's bash tool in a box whose workspace is on virtio-fs (TRANSPORT `pci` or `mmio`, CACHE
// `none`), each round bounded by BOUND_S (60 s) on the host. A round that does not come back is
// a hang: the bench prints what QEMU (QMP's x-query-virtio-*, the rings in guest memory), the
// guest (interrupts, the stuck tasks' kernel stacks) and the daemons (their threads' wait
// channels) show, stops that box and boots the next; ROUNDS_PER_BOOT=N boots a fresh box every N
// rounds (the first hang seen was a fresh box's first git status). SHARE=9p runs the rounds on 9p.
// It prints the hang count; results: docs/vm.md.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { Box } from "../runtime/box/box";
import { boxDir } from "../runtime/box/box-registry";
import { ensureGuestArtifacts, guestCacheDir } from "../runtime/vm/guest-artifacts";
import type { VirtiofsTransport } from "../runtime/vm/qemu/qemu-args";
import { QMP_SOCKET, QemuBackend } from "../runtime/vm/qemu/qemu-backend";
import { QmpClient } from "../runtime/vm/qemu/qmp";
import type { VirtiofsCache } from "../runtime/vm/qemu/virtiofsd";
import { ModelServer } from "../test/model-server/model-server";
import { BoxCallTimeout, boxBash, makeRepoWorkspace } from "./share-workspace";

const ROUNDS = Number(process.env["ROUNDS"] ?? 30);
const FILES = Number(process.env["FILES"] ?? 5000);
const BOUND_MS = Number(process.env["BOUND_S"] ?? 60) * 1000;
/** A fresh box after this many rounds (default: only after a hang). */
const ROUNDS_PER_BOOT = Number(process.env["ROUNDS_PER_BOOT"] ?? Infinity);
const SHARE = process.env["SHARE"] ?? "virtiofs";
const TRANSPORT = (process.env["TRANSPORT"] ?? "pci") as VirtiofsTransport;
const CACHE = (process.env["CACHE"] ?? "none") as VirtiofsCache;

const WORKLOAD = [
  "cd /workspace/repo && git status --porcelain > /dev/null",
  "rm -rf /workspace/small && mkdir /workspace/small && cd /workspace/small && for i in $(seq 1000); do echo \"file $i\" > f$i; done",
  "cat /workspace/small/* > /dev/null",
].join(" && ");
/** In the box after its boot: what /workspace is, the virtio interrupts (their names say the bus: IO-APIC for virtio-mmio, PCI-MSI for PCI). */
const BOOT_PROBE = "grep ' /workspace ' /proc/mounts; echo cpus possible $(cat /sys/devices/system/cpu/possible) online $(cat /sys/devices/system/cpu/online); grep -i virtio /proc/interrupts";
/** In the box after a hang: the share's interrupts, and where the workload's tasks wait in the kernel. */
const GUEST_PROBE = "grep -i virtio /proc/interrupts; for p in $(pgrep -x git; pgrep -x cat; pgrep -x bash); do echo \"task $p $(cat /proc/$p/comm) $(cat /proc/$p/wchan)\"; cat /proc/$p/stack; done 2>&1 | head -80";

const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");

/** What QEMU knows of each virtio-fs device's queues, and their rings' indexes in guest memory. */
async function qemuEvidence(box: Box): Promise<string> {
  const qmp = await QmpClient.connect(join(boxDir(box.id), QMP_SOCKET), 5_000);
  const lines: string[] = [];
  const hmp = async (command: string) => String(await qmp.execute("human-monitor-command", { "command-line": command })).trim();
  try {
    const devices = (await qmp.execute("x-query-virtio")) as Array<{ path: string; name: string }>;
    lines.push(`virtio devices: ${devices.map((d) => d.name).join(", ")}`);
    for (const { path } of devices.filter((d) => d.name.endsWith("-fs"))) {
      const status = (await qmp.execute("x-query-virtio-status", { path })) as { "num-vqs": number; status: unknown; isr?: number; "vhost-dev"?: unknown };
      lines.push(`${path}: status ${JSON.stringify(status.status)} isr ${status.isr} vqs ${status["num-vqs"]}`);
      for (let queue = 0; queue < status["num-vqs"]; queue++) {
        const q = (await qmp.execute("x-query-virtio-vhost-queue-status", { path, queue })) as Record<string, number>;
        const avail = await hmp(`xp /2hx ${q["avail-phys"]}`);
        const used = await hmp(`xp /2hx ${q["used-phys"]}`);
        // With VIRTIO_RING_F_EVENT_IDX: used_event ends the avail ring, avail_event ends the used ring.
        const usedEvent = await hmp(`xp /1hx ${q["avail-phys"]! + 4 + 2 * q["num"]!}`);
        const availEvent = await hmp(`xp /1hx ${q["used-phys"]! + 4 + 8 * q["num"]!}`);
        lines.push(`  queue ${queue} (num ${q["num"]}): avail flags,idx ${avail} | used flags,idx ${used} | used_event ${usedEvent} | avail_event ${availEvent}`);
      }
    }
  } finally {
    qmp.close();
  }
  return lines.join("\n");
}

/** Each thread's wait channel of the processes whose command line names the box's run folder (virtiofsd). */
function hostEvidence(box: Box): string {
  const runDir = boxDir(box.id);
  const lines: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (!cmdline.includes(runDir) || !cmdline.includes("virtiofsd")) continue;
    const threads = readdirSync(`/proc/${pid}/task`).map((tid) => {
      const read = (file: string) => readFileSync(`/proc/${pid}/task/${tid}/${file}`, "utf8").trim();
      return `${read("comm")}:${read("wchan")}`;
    });
    lines.push(`virtiofsd ${pid}: ${threads.join(" ")}`);
  }
  return lines.join("\n");
}

const workspace = makeRepoWorkspace(FILES);
const models = await ModelServer.start();
const artifacts = await ensureGuestArtifacts({ onProgress: (m) => console.error(m) });
const boot = () =>
  Box.create({
    workspace,
    backend: new QemuBackend({ kernel: artifacts.kernel, floorInitramfs: artifacts.floorInitramfs, cacheDir: guestCacheDir(), virtiofs: SHARE === "9p" ? false : { cache: CACHE, transport: TRANSPORT } }),
    bootTimeoutMs: 600_000,
    env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "bench" },
  });
let hung = 0;
let boots = 0;
const times: number[] = [];
console.log(`share ${SHARE === "9p" ? "9p" : `virtio-fs over ${TRANSPORT}, cache=${CACHE}`}; ${ROUNDS} rounds bounded by ${BOUND_MS / 1000} s; load average ${load()}`);
let box: Box | undefined;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    if (!box) {
      const started = Date.now();
      box = await boot();
      boots++;
      const seen = await boxBash(box, models, BOOT_PROBE, BOUND_MS);
      console.log(`boot ${boots}: ${((Date.now() - started) / 1000).toFixed(1)} s\n${seen.output.replace(/\n?exit code: 0$/, "")}`);
    }
    const current = box;
    let done = round % ROUNDS_PER_BOOT === 0;
    try {
      const { ms } = await boxBash(current, models, WORKLOAD, BOUND_MS);
      times.push(ms);
      console.log(`round ${round}: ${(ms / 1000).toFixed(1)} s; load average ${load()}`);
    } catch (error) {
      if (!(error instanceof BoxCallTimeout)) throw error;
      hung++;
      done = true;
      console.log(`round ${round}: HUNG (${error.message.split(":")[0]}); load average ${load()}`);
      console.log(await qemuEvidence(current).catch((e: Error) => `QMP: ${e.message}`));
      console.log(hostEvidence(current));
      console.log(await boxBash(current, models, GUEST_PROBE, 30_000).then((r) => r.output, (e: Error) => `guest probe: ${e.message}`));
    }
    if (done) {
      box = undefined;
      await current.stop();
    }
  }
} finally {
  await box?.stop();
  await models.stop();
  rmSync(workspace, { recursive: true, force: true });
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`${hung} of ${ROUNDS} rounds hung (${boots} boots); completed rounds: median ${((sorted[Math.floor(sorted.length / 2)] ?? NaN) / 1000).toFixed(1)} s, slowest ${((sorted.at(-1) ?? NaN) / 1000).toFixed(1)} s; load average ${load()}`);
