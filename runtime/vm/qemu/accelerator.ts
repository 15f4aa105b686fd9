import { createHash } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { spawnOwned } from "../owned-process";
import type { GuestArch } from "../../guest-image/guest-arch";
import { machineArgs, type Accelerator } from "./qemu-args";
import { qemuInstallHint } from "./qemu-binary";

/** The line the floor initramfs prints before it powers off. */
export const FLOOR_MARKER = "A3S-FLOOR-READY";

export interface ProbeInputs {
  /** The floor's architecture (default x86_64). */
  arch?: GuestArch;
  qemu: string;
  qemuVersion: string;
  kernel: string;
  floorInitramfs: string;
  cacheDir: string;
}

/** Accelerators worth trying here, fastest first; TCG (software) always comes last. */
export function candidateAccelerators(): Accelerator[] {
  const candidates: Accelerator[] = [];
  if (process.platform === "linux" && canOpen("/dev/kvm")) candidates.push("kvm");
  if (process.platform === "darwin") candidates.push("hvf");
  candidates.push("tcg");
  return candidates;
}

/**
 * The accelerator that really boots here: each candidate boots the floor (same kernel, an
 * init that powers off at once), because /dev/kvm existing proves nothing (a paravirtual
 * KVM may hang stock kernels). The answer is cached per QEMU, kernel and candidate list.
 */
export async function chooseAccelerator(inputs: ProbeInputs): Promise<Accelerator> {
  return (await probeAccelerator(inputs)).accel;
}

export interface AcceleratorProbe {
  accel: Accelerator;
  /** Why each faster candidate failed ("kvm: …"); absent in probes cached before they were kept. */
  failures?: string[];
}

/** chooseAccelerator, with the reasons the faster candidates failed (for `a3s-box doctor`). */
export async function probeAccelerator(inputs: ProbeInputs): Promise<AcceleratorProbe> {
  const candidates = candidateAccelerators();
  const kernelStat = await stat(inputs.kernel);
  const key = createHash("sha256")
    .update(JSON.stringify([inputs.qemu, inputs.qemuVersion, inputs.kernel, kernelStat.size, kernelStat.mtimeMs, candidates]))
    .digest("hex")
    .slice(0, 16);
  const file = join(inputs.cacheDir, "probes", `accel-${key}.json`);
  const cached = await readFile(file, "utf8").then((t) => JSON.parse(t) as AcceleratorProbe, () => undefined);
  if (cached) return cached;

  const failures: string[] = [];
  for (const accel of candidates) {
    const result = await bootFloor(inputs, accel, accel === "tcg" ? 120_000 : 20_000);
    if (result.ok) {
      await mkdir(join(inputs.cacheDir, "probes"), { recursive: true });
      await writeFile(`${file}.tmp-${process.pid}`, JSON.stringify({ accel, failures, probedAt: new Date().toISOString() }));
      await rename(`${file}.tmp-${process.pid}`, file);
      return { accel, failures };
    }
    failures.push(`${accel}: ${result.reason}`);
  }
  throw new A3sError(
    ErrorCodes.VM_UNAVAILABLE,
    `no QEMU accelerator can boot a VM here (${failures.join("; ")}). ${qemuInstallHint()}; for speed, enable KVM (Linux) or use macOS on Apple Silicon (HVF)`,
  );
}

/** Boots the floor once with `accel`; reports whether it reached its marker and powered off. */
export function bootFloor(
  inputs: Pick<ProbeInputs, "arch" | "qemu" | "kernel" | "floorInitramfs">,
  accel: Accelerator,
  timeoutMs: number,
): Promise<{ ok: true; ms: number } | { ok: false; reason: string }> {
  const started = performance.now();
  const child = spawnOwned(
    inputs.qemu,
    machineArgs({ arch: inputs.arch, accel, kernel: inputs.kernel, initramfs: inputs.floorInitramfs, cpus: 1, memoryMiB: 256 }),
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  child.stderr!.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) => {
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && output.includes(FLOOR_MARKER)) resolve({ ok: true, ms: performance.now() - started });
      else {
        const why = signal === "SIGKILL" ? `no poweroff within ${timeoutMs / 1000} s` : `exit ${code ?? signal}`;
        resolve({ ok: false, reason: `${why}: ${output.trim().split("\n").slice(-2).join(" / ")}` });
      }
    });
  });
}

function canOpen(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
