import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import type { VmBackend, VmExit, VmProcess, VmSpec } from "../backend";
import { CappedLog } from "../capped-log";
import { spawnOwned } from "../owned-process";
import { chooseAccelerator } from "./accelerator";
import { qemuArgs, type Accelerator } from "./qemu-args";
import { qemuBinaryName, qemuVersion } from "./qemu-binary";
import { QEMU_GUEST_ENDPOINTS, qemuNetworkArgs } from "./qemu-network";

export interface QemuBackendOptions {
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
}

/**
 * QEMU's microvm machine with direct PVH boot of the guest's vmlinux. The host reaches the
 * agent through a user-network `hostfwd` on 127.0.0.1 (no vhost-vsock needed); every call
 * still carries the box's token.
 */
export class QemuBackend implements VmBackend {
  readonly name = "qemu" as const;
  readonly guestEndpoints = QEMU_GUEST_ENDPOINTS;
  private readonly binary = qemuBinaryName();
  private accelerator: Promise<Accelerator> | undefined;

  constructor(private readonly options: QemuBackendOptions) {}

  async check(): Promise<void> {
    await this.chosenAccelerator();
  }

  /** The accelerator VMs use: forced, else the first that boots the floor (cached). */
  chosenAccelerator(): Promise<Accelerator> {
    this.accelerator ??= (async () => {
      const version = await qemuVersion(this.binary);
      if (this.options.accelerator) return this.options.accelerator;
      return chooseAccelerator({
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
    const args = qemuArgs(spec, accel, network, join(spec.runDir, "qemu.pid"), this.options.tcgTbSizeMiB);
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
