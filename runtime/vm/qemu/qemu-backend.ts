import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import { hostGuestArch, type GuestArch } from "../../guest-image/guest-arch";
import type { VmBackend, VmExit, VmProcess, VmSpec } from "../backend";
import { CappedLog } from "../capped-log";
import { spawnOwned } from "../owned-process";
import { chooseAccelerator } from "./accelerator";
import { qemuArgs, type Accelerator } from "./qemu-args";
import { qemuBinaryName, qemuVersion } from "./qemu-binary";
import { QEMU_GUEST_ENDPOINTS, qemuNetworkArgs } from "./qemu-network";

export interface QemuBackendOptions {
  /** The guest's architecture (default: this host's); another one runs under TCG only. */
  arch?: GuestArch;
  /** The floor initramfs and kernel used to probe accelerators. */
  kernel: string;
  floorInitramfs: string;
  /** Where the probe result is cached. */
  cacheDir: string;
  /** Force an accelerator instead of probing. */
  accelerator?: Accelerator;
  /** Cap of the serial log on disk, per file (default 1 MiB). */
  serialLogBytes?: number;
  /** TCG's translation cache per VM in MiB (default: QEMU's own, 1 GiB in QEMU 7.2). */
  tcgTbSizeMiB?: number;
  /**
   * More kernel command-line words for the box's VMs: `a3s.vsock=1` runs the krun guest path's
   * vsock bridge against the guest's own vsock loopback (QEMU here has no vsock device).
   */
  kernelWords?: readonly string[];
}

/**
 * QEMU with direct kernel boot: the microvm machine and a PVH vmlinux for x86_64 guests, the
 * virt machine and an Image for arm64 guests. The host reaches the
 * agent through a user-network `hostfwd` on 127.0.0.1 (no vhost-vsock needed); every call
 * still carries the box's token.
 */
export class QemuBackend implements VmBackend {
  readonly name = "qemu" as const;
  readonly guestEndpoints = QEMU_GUEST_ENDPOINTS;
  private readonly arch: GuestArch;
  private readonly binary: string;
  private accelerator: Promise<Accelerator> | undefined;

  constructor(private readonly options: QemuBackendOptions) {
    this.arch = options.arch ?? hostGuestArch();
    this.binary = qemuBinaryName(this.arch);
  }

  async check(): Promise<void> {
    await this.chosenAccelerator();
  }

  /** The accelerator VMs use: forced, else TCG for a foreign guest, else the first that boots the floor (cached). */
  chosenAccelerator(): Promise<Accelerator> {
    this.accelerator ??= (async () => {
      const version = await qemuVersion(this.binary, this.arch);
      if (this.options.accelerator) return this.options.accelerator;
      // KVM and HVF run only the host's own architecture.
      if (this.arch !== hostGuestArch()) return "tcg";
      return chooseAccelerator({
        arch: this.arch,
        qemu: this.binary,
        qemuVersion: version,
        kernel: this.options.kernel,
        floorInitramfs: this.options.floorInitramfs,
        cacheDir: this.options.cacheDir,
      });
    })();
    this.accelerator.catch(() => (this.accelerator = undefined));
    return this.accelerator;
  }

  async launch(spec: VmSpec): Promise<VmProcess> {
    const accel = await this.chosenAccelerator();
    const hostPort = await freeLoopbackPort();
    const network = qemuNetworkArgs({
      gatewayPort: spec.gatewayPort,
      egressProxyPort: spec.egressProxyPort,
      hostPorts: spec.hostPorts,
      hostForwards: [{ hostPort, guestPort: spec.guestAgentPort }],
    });
    const args = qemuArgs(spec, accel, network, join(spec.runDir, "qemu.pid"), this.options.tcgTbSizeMiB, this.arch, this.options.kernelWords);
    const log = new CappedLog(spec.serialLogPath, this.options.serialLogBytes);
    const child = spawnOwned(this.binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (chunk: Buffer) => log.write(chunk));
    child.stderr!.on("data", (chunk: Buffer) => log.write(chunk));
    const exited = new Promise<VmExit>((resolve) => {
      child.on("error", (error) => {
        log.write(`a3s-box: cannot start ${this.binary}: ${error.message}\n`);
      });
      child.on("close", (code, signal) => {
        log.close();
        resolve({ code, signal });
      });
    });
    if (child.pid === undefined) {
      await exited;
      throw new Error(`cannot start ${this.binary}: ${log.tail(500)}`);
    }
    const pid = child.pid;
    return {
      pid,
      agentAddress: `127.0.0.1:${hostPort}`,
      exited,
      serialTail: (maxBytes) => log.tail(maxBytes),
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
      },
    };
  }
}

/** A free TCP port on 127.0.0.1 (QEMU binds it for the host forward right after). */
async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}
