import { randomBytes } from "node:crypto";
import { mkdir, readdir, rm, stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import { buildOnce, hashInputs } from "../../guest-image/cache";
import type { VmProcess, VmSpec } from "../backend";
import { QmpClient } from "./qmp";

/**
 * Snapshot templates (issue 16). A template is a VM booted until its agent has loaded and waits
 * for attach (guest/init/attach), with no share of the box mounted, saved with its RAM in a
 * file: `memory` (the guest RAM, saved as it is: QEMU's x-ignore-shared) and `state` (devices
 * and CPUs, tens of KB). A box restores a private copy-on-write mapping of `memory`, then
 * QEMU loads `state` and the guest runs on, and the host writes the attach line (the time and
 * fresh entropy) on the console: the guest reseeds its RNG, sets its clock and mounts the
 * box's own shares. Templates hold no identity: the token comes through the config share.
 */
export interface Template {
  dir: string;
  memory: string;
  state: string;
}

/** What must be the same between a template and the boxes restored from it. */
export interface TemplateInputs {
  qemuVersion: string;
  arch: string;
  accel: string;
  tbSizeMiB?: number;
  /** The backend's extra kernel words (QemuBackendOptions.kernelWords): init acts on them before the save. */
  kernelWords?: readonly string[];
  spec: Pick<VmSpec, "kernel" | "initramfs" | "cpus" | "memoryMiB" | "agentLayer" | "shares">;
}

/**
 * The template's name: a hash of everything that fixes the guest's memory and device list.
 * The guest artifacts' paths name their content's hash; the shares count by tag, not path.
 */
export function templateKey(inputs: TemplateInputs): string {
  const { spec } = inputs;
  return hashInputs(
    "template/1",
    inputs.qemuVersion,
    inputs.arch,
    inputs.accel,
    String(inputs.tbSizeMiB ?? ""),
    ...(inputs.kernelWords ?? []),
    spec.kernel,
    spec.initramfs,
    spec.agentLayer.image,
    String(spec.cpus),
    String(spec.memoryMiB),
    ...spec.shares.map((share) => `${share.tag}:${share.readOnly}`),
  );
}

/**
 * The attach line a restored guest reads on its console (see guest/init/attach): the host's
 * time and fresh entropy; `subfolder` (pooled VMs, see share-namespace.ts): the guest mounts
 * that subfolder of each share.
 */
export function attachLine(now = Date.now(), subfolder?: string): string {
  return hostLine("a3s-attach", now, subfolder);
}

/**
 * The line a VM restored for the warm pool is given before its attach line: it takes the time
 * and entropy as at a take (the take's reseed and clock then run on code it has run), mounts its
 * whole shares (a box's folder is bound at their `subfolder` at the take) and rehearses the rest
 * of its attach step, then prints WARM_DONE_MARK.
 */
export function warmLine(subfolder: string, now = Date.now()): string {
  return hostLine("a3s-warm", now, subfolder);
}

function hostLine(word: string, now: number, subfolder: string | undefined): string {
  return `${word} ${Math.round(now / 1000)} ${randomBytes(32).toString("hex")}${subfolder ? ` ${subfolder}` : ""}\n`;
}

export const WARM_DONE_MARK = "a3s-warm-done";

/** The guest prints this on its console once it waits for the attach line (then it can be saved). */
export const ATTACH_WAIT_MARK = "a3s-attach-wait";

export interface TemplateBuild {
  /** Starts the template VM with its RAM in `memory` (shared) and QMP on `qmpSocket`; resolves when the guest printed ATTACH_WAIT_MARK. */
  boot(memory: string, qmpSocket: string): Promise<{ kill(): Promise<void>; exited: Promise<unknown> }>;
}

/**
 * The template of `key` under `root`, made by `build` when missing (into a temporary folder,
 * renamed into place when complete); its folder's time is touched on each use, and the least
 * recently used others are removed while all together exceed `maxBytes` (disk blocks: the
 * memory files are sparse).
 */
export async function ensureTemplate(root: string, key: string, build: TemplateBuild, options: { runDir: string; maxBytes: number; timeoutMs: number }): Promise<{ template: Template; built: boolean }> {
  const dir = join(root, key);
  const { built } = await buildOnce(dir, async (tmp) => {
    await mkdir(tmp, { recursive: true });
    await saveTemplate(tmp, build, options);
  });
  const now = new Date();
  await utimes(dir, now, now).catch(() => {});
  if (built) await evictTemplates(root, options.maxBytes, key);
  return { template: { dir, memory: join(dir, "memory"), state: join(dir, "state") }, built };
}

async function saveTemplate(dir: string, build: TemplateBuild, options: { runDir: string; timeoutMs: number }): Promise<void> {
  await mkdir(options.runDir, { recursive: true });
  const qmpSocket = join(options.runDir, `template-${process.pid}.qmp`);
  const vm = await build.boot(join(dir, "memory"), qmpSocket);
  let qmp: QmpClient | undefined;
  try {
    qmp = await QmpClient.connect(qmpSocket, 10_000);
    await qmp.execute("migrate-set-capabilities", { capabilities: [{ capability: "x-ignore-shared", state: true }] });
    await qmp.execute("migrate", { uri: `exec:cat > ${shellQuote(join(dir, "state"))}` });
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const { status, "error-desc": why } = (await qmp.execute("query-migrate")) as { status?: string; "error-desc"?: string };
      if (status === "completed") break;
      if (status === "failed" || status === "cancelled") throw new Error(`QEMU could not save the template: ${why ?? status}`);
      if (Date.now() > deadline) throw new Error("saving the template took too long");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await qmp.execute("quit").catch(() => {});
    await vm.exited;
  } finally {
    qmp?.close();
    await vm.kill();
    await rm(qmpSocket, { force: true });
  }
}

/**
 * Starts the saved state in a QEMU spawned with `-incoming defer` and QMP on `qmpSocket`;
 * resolves when the guest runs again (QEMU's RESUME event).
 */
export async function loadTemplateState(template: Template, qmpSocket: string, timeoutMs: number, vm: Pick<VmProcess, "exited" | "serialTail">): Promise<void> {
  // A QEMU that ends at its start (an option refused) leaves its QMP socket file behind: say so at once, with its words.
  const ended = new AbortController();
  const died = vm.exited.then(({ code, signal }) => {
    ended.abort(new Error(`QEMU ${signal ? `was killed by ${signal}` : `exited with code ${code}`} before the template's state was loaded\n${vm.serialTail(1500)}`));
    throw ended.signal.reason;
  });
  died.catch(() => {});
  const qmp = await QmpClient.connect(qmpSocket, timeoutMs, ended.signal);
  try {
    await qmp.execute("migrate-set-capabilities", { capabilities: [{ capability: "x-ignore-shared", state: true }] });
    const resumed = qmp.waitForEvent("RESUME");
    await qmp.execute("migrate-incoming", { uri: `exec:cat ${shellQuote(template.state)}` });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      resumed,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the template did not resume within ${timeoutMs / 1000} s`)), timeoutMs))),
      died,
    ]).finally(() => clearTimeout(timer));
  } finally {
    qmp.close();
  }
}

async function evictTemplates(root: string, maxBytes: number, keep: string): Promise<void> {
  const entries = [];
  for (const name of await readdir(root)) {
    if (name.startsWith(".")) continue;
    const dir = join(root, name);
    let bytes = 0;
    for (const file of await readdir(dir).catch(() => [])) bytes += (await stat(join(dir, file))).blocks * 512;
    entries.push({ name, dir, bytes, used: (await stat(dir)).mtimeMs });
  }
  let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  for (const entry of entries.sort((a, b) => a.used - b.used)) {
    if (total <= maxBytes) break;
    if (entry.name === keep) continue;
    await rm(entry.dir, { recursive: true, force: true });
    total -= entry.bytes;
  }
}

/** QEMU runs `exec:` migration URIs through /bin/sh. */
function shellQuote(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`;
}
