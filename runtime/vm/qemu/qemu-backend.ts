import type { ChildProcess, SpawnOptions } from "node:child_process";
import { once } from "node:events";
import { mkdir, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { basename, join } from "node:path";
import { hostGuestArch, type GuestArch } from "../../guest-image/guest-arch";
import type { VmBackend, VmExit, VmProcess, VmSpec, VmStart } from "../backend";
import { CappedLog } from "../capped-log";
import { joinToHostPort } from "../join-host-port";
import { spawnOwned } from "../owned-process";
import { chooseAccelerator } from "./accelerator";
import { qemuArgs, type Accelerator, type VirtiofsTransport } from "./qemu-args";
import { qemuBinaryName, qemuVersion } from "./qemu-binary";
import { QEMU_GUEST_ENDPOINTS, qemuNetworkArgs } from "./qemu-network";
import { ATTACH_WAIT_MARK, WARM_DONE_MARK, attachLine, ensureTemplate, loadTemplateState, templateKey, warmLine, type Template } from "./qemu-template";
import { findVirtiofsd, startVirtiofsd, type VirtiofsCache, type Virtiofsd } from "./virtiofsd";
import { markTake } from "../take-timeline";
import { NAMESPACE_COMMAND, SLOT_MOUNT_POINT, bindInNamespace, namespaceUnavailable } from "./share-namespace";

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
  /** Boxes restored from snapshot templates kept here (see qemu-template.ts); absent: cold boots only. */
  templates?: TemplateOptions;
  /** Told when a box boots cold because its template could not be made or restored. */
  onWarning?: (message: string) => void;
  /**
   * The writable shares (the workspace, the state) over virtio-fs, where virtiofsd is installed:
   * by default for x86_64 guests, with cache mode `none` (coherent with the host) over PCI;
   * `false`: 9p only. Read-only shares, arm64 guests unless asked and boxes restored from
   * templates (QEMU 7.2 cannot migrate vhost-user-fs) use 9p. Under TCG it needs the guest's
   * memory barriers kept (qemu-args.ts), else a share hangs now and then (docs/vm.md).
   */
  virtiofs?: VirtiofsOptions | false;
}

export interface VirtiofsOptions {
  cache: VirtiofsCache;
  /** Default `pci`. */
  transport?: VirtiofsTransport;
}

const DEFAULT_VIRTIOFS: Required<VirtiofsOptions> = { cache: "none", transport: "pci" };

export interface TemplateOptions {
  /** The folder of templates (in the guest cache). */
  dir: string;
  /** Disk space all templates may take together (default 4 GiB); the least recently used go first. */
  maxBytes?: number;
  /** How long making or restoring a template may take (default: 180 s to make, 60 s to restore). */
  timeoutMs?: number;
}

const DEFAULT_TEMPLATE_BYTES = 4 * 1024 ** 3;

/** QEMU's QMP socket in the VM's run folder (restored VMs; cold boots with virtio-fs shares). */
export const QMP_SOCKET = "qmp.sock";

/**
 * Templates being made in this process, by folder: every backend here (Box.create makes one
 * per box, the warm pool its own) waits for the one build; two would share a run folder.
 */
const templatesInFlight = new Map<string, Promise<{ template: Template; built: boolean }>>();

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
    const forward = async () => {
      const hostPort = await freeLoopbackPort();
      const network = qemuNetworkArgs({
        gatewayPort: spec.gatewayPort,
        egressProxyPort: spec.egressProxyPort,
        hostPorts: spec.hostPorts,
        hostForwards: [{ hostPort, guestPort: spec.guestAgentPort }],
      });
      return { hostPort, network };
    };
    if (this.options.templates) {
      const { hostPort, network } = await forward();
      try {
        return await this.restore(spec, accel, network, hostPort, this.options.templates);
      } catch (error) {
        this.options.onWarning?.(`no fast start for box ${spec.id} (${(error as Error).message}); booting it cold`);
      }
    }
    // A new port: the failed restore's may be what failed (taken since it was found free).
    const { hostPort, network } = await forward();
    const daemons = await this.startVirtiofsDaemons(spec);
    try {
      const sockets = Object.fromEntries(daemons.map((d) => [d.tag, d.socketPath]));
      const args = [
        ...qemuArgs(spec, accel, network, join(spec.runDir, "qemu.pid"), this.options.tcgTbSizeMiB, this.arch, undefined, this.options.kernelWords, sockets, this.virtiofs?.transport),
        // A share that stops answering can be looked at (QEMU's x-query-virtio-* commands: bench/share-soak.ts).
        ...(daemons.length ? ["-qmp", `unix:${join(spec.runDir, QMP_SOCKET)},server=on,wait=off`] : []),
      ];
      const vm = (await this.spawn(spec, args, hostPort, "cold")).process;
      // The daemons end with the VM (they also leave when QEMU hangs up, and die with this process).
      const exited = vm.exited.then(async (exit) => {
        await Promise.all(daemons.map((d) => d.daemon.kill()));
        return exit;
      });
      return { ...vm, exited, kill: async () => (await vm.kill(), void (await exited)) };
    } catch (error) {
      await Promise.all(daemons.map((d) => d.daemon.kill()));
      throw error;
    }
  }

  /** virtio-fs as asked for, else the default for this guest (see QemuBackendOptions.virtiofs). */
  private get virtiofs(): Required<VirtiofsOptions> | undefined {
    const asked = this.options.virtiofs;
    if (asked === false || (asked === undefined && this.arch !== "x86_64")) return undefined;
    return { ...DEFAULT_VIRTIOFS, ...asked };
  }

  /** A virtiofsd per writable share, where virtio-fs is used and installed. */
  private async startVirtiofsDaemons(spec: VmSpec): Promise<Array<{ tag: string; socketPath: string; daemon: Virtiofsd }>> {
    const cache = this.virtiofs?.cache;
    const binary = cache && findVirtiofsd();
    if (!cache || !binary) return [];
    const started: Array<{ tag: string; socketPath: string; daemon: Virtiofsd }> = [];
    try {
      for (const share of spec.shares.filter((s) => !s.readOnly)) {
        const socketPath = join(spec.runDir, `vfs-${share.tag}.sock`);
        const daemon = await startVirtiofsd({ binary, source: share.hostPath, socketPath, cache, logPath: join(spec.runDir, `virtiofsd-${share.tag}.log`) });
        started.push({ tag: share.tag, socketPath, daemon });
      }
      return started;
    } catch (error) {
      await Promise.all(started.map((d) => d.daemon.kill()));
      throw error;
    }
  }

  /** A private copy of the template of this box's kind (made first when missing), attached. */
  private async restore(spec: VmSpec, accel: Accelerator, network: string[], hostPort: number, templates: TemplateOptions): Promise<VmProcess> {
    const { process: vm, child } = await this.restoreTemplate(spec, accel, network, hostPort, templates, false);
    child.stdin!.write(attachLine());
    return vm;
  }

  /**
   * The pool's key of boxes shaped like `spec` (its template and which host services its
   * network reaches), or why this backend keeps no pool.
   */
  async poolKey(spec: Omit<VmSpec, "id" | "runDir" | "serialLogPath">): Promise<{ key: string } | { unavailable: string }> {
    if (!this.options.templates) return { unavailable: "the warm pool needs snapshot templates (fastStart)" };
    const unavailable = namespaceUnavailable();
    if (unavailable) return { unavailable };
    if (spec.hostPorts?.length) return { unavailable: "boxes with host ports are not pooled" };
    const key = templateKey({ qemuVersion: await qemuVersion(this.binary, this.arch), arch: this.arch, accel: await this.chosenAccelerator(), tbSizeMiB: this.options.tcgTbSizeMiB, kernelWords: this.options.kernelWords, spec });
    return { key: `${key}-${spec.gatewayPort === undefined ? "" : "g"}${spec.egressProxyPort === undefined ? "" : "p"}` };
  }

  /**
   * A box shaped like `spec`, restored from its template in its own namespaces (see
   * share-namespace.ts) and left waiting for its attach line, under `dir`: no share of a box,
   * no token and no key inside. QEMU's guestfwds name their ports at start, so they lead to
   * relays that join the box's gateway and proxy once it is assigned. When `signal` aborts,
   * it stops waiting for the template (whose making goes on: other boxes may wait for it),
   * kills the VM it started and rejects.
   */
  async restoreUnassigned(spec: Omit<VmSpec, "id" | "runDir" | "serialLogPath">, dir: string, signal?: AbortSignal): Promise<UnassignedVm> {
    const templates = this.options.templates;
    if (!templates) throw new Error("the warm pool needs snapshot templates (fastStart)");
    const accel = await this.chosenAccelerator();
    await mkdir(dir, { recursive: true });
    const relays: Array<Awaited<ReturnType<typeof relay>>> = [];
    const kill = async (vm?: VmProcess) => {
      await vm?.kill();
      for (const open of relays) open.close();
      await rm(dir, { recursive: true, force: true });
    };
    try {
      const gateway = spec.gatewayPort === undefined ? undefined : relays[relays.push(await relay()) - 1];
      const egressProxy = spec.egressProxyPort === undefined ? undefined : relays[relays.push(await relay()) - 1];
      const slots = spec.shares.map((share, i) => ({ ...share, hostPath: join(dir, "shares", String(i)) }));
      for (const slot of slots) await mkdir(join(slot.hostPath, SLOT_MOUNT_POINT), { recursive: true });
      const pooled: VmSpec = {
        ...spec,
        id: `pool-${basename(dir)}`,
        runDir: dir,
        serialLogPath: join(dir, "serial.log"),
        shares: slots,
        gatewayPort: gateway?.port,
        egressProxyPort: egressProxy?.port,
      };
      const hostPort = await freeLoopbackPort();
      const network = qemuNetworkArgs({ gatewayPort: pooled.gatewayPort, egressProxyPort: pooled.egressProxyPort, hostForwards: [{ hostPort, guestPort: spec.guestAgentPort }] });
      const { process: vm, child } = await this.restoreTemplate(pooled, accel, network, hostPort, templates, true, signal).catch(async (error: unknown) => {
        await kill();
        throw error;
      });
      // Its shares mounted and its attach step rehearsed now (guest/init/attach), not once the box is waiting for it.
      child.stdin!.write(warmLine(SLOT_MOUNT_POINT));
      await unlessAborted(waitForConsole(vm, WARM_DONE_MARK, templates.timeoutMs ?? 60_000, "the pooled VM"), signal).catch(async (error: unknown) => {
        await kill(vm);
        throw error;
      });
      return {
        process: { ...vm, kill: () => kill(vm) },
        attach: async (box) => {
          if (box.shares.length !== slots.length || box.shares.some((share, i) => share.tag !== slots[i]!.tag || share.readOnly !== slots[i]!.readOnly)) {
            throw new Error("the box's shares do not match the pooled VM's");
          }
          await bindInNamespace(vm.pid, box.shares.map((share, i) => ({ source: share.hostPath, target: join(slots[i]!.hostPath, SLOT_MOUNT_POINT) })));
          markTake(box.id, "bound");
          gateway?.to(box.gatewayPort);
          egressProxy?.to(box.egressProxyPort);
          child.stdin!.write(attachLine(Date.now(), SLOT_MOUNT_POINT));
          markTake(box.id, "attach-line");
        },
      };
    } catch (error) {
      await kill();
      throw error;
    }
  }

  /** Spawns a private copy of the template of `spec`'s kind (made first when missing) and waits until it runs again. */
  private async restoreTemplate(spec: VmSpec, accel: Accelerator, network: string[], hostPort: number, templates: TemplateOptions, inNamespace: boolean, signal?: AbortSignal): Promise<{ process: VmProcess; child: ChildProcess }> {
    const tbSizeMiB = this.options.tcgTbSizeMiB;
    const key = templateKey({ qemuVersion: await qemuVersion(this.binary, this.arch), arch: this.arch, accel, tbSizeMiB, kernelWords: this.options.kernelWords, spec });
    const { template } = await unlessAborted(this.templateOf(key, spec, accel, templates), signal);
    signal?.throwIfAborted();
    const qmpSocket = join(spec.runDir, QMP_SOCKET);
    const args = [
      ...qemuArgs(spec, accel, network, join(spec.runDir, "qemu.pid"), tbSizeMiB, this.arch, { path: template.memory, shared: false }, this.options.kernelWords),
      "-qmp", `unix:${qmpSocket},server=on,wait=off`,
      "-incoming", "defer",
    ];
    const restored = await this.spawn(spec, args, hostPort, "restored", true, inNamespace);
    const stop = () => void restored.process.kill();
    signal?.addEventListener("abort", stop, { once: true });
    try {
      await loadTemplateState(template, qmpSocket, templates.timeoutMs ?? 60_000, restored.process);
      signal?.throwIfAborted();
      return restored;
    } catch (error) {
      await restored.process.kill();
      throw error;
    } finally {
      signal?.removeEventListener("abort", stop);
    }
  }

  private templateOf(key: string, spec: VmSpec, accel: Accelerator, templates: TemplateOptions) {
    const dir = join(templates.dir, key);
    let pending = templatesInFlight.get(dir);
    if (!pending) {
      const runDir = join(templates.dir, `.run-${key}-${process.pid}`);
      // The template's shares: the box's tags over empty folders (the device list must match).
      const empty = join(runDir, "empty");
      const build = {
        boot: async (memory: string, qmpSocket: string) => {
          await mkdir(empty, { recursive: true });
          const templateSpec: VmSpec = { ...spec, id: `template-${key}`, runDir, serialLogPath: join(runDir, "serial.log"), shares: spec.shares.map((share) => ({ ...share, hostPath: empty })) };
          const hostPort = await freeLoopbackPort();
          const network = qemuNetworkArgs({ hostForwards: [{ hostPort, guestPort: spec.guestAgentPort }] });
          const args = [...qemuArgs(templateSpec, accel, network, join(runDir, "qemu.pid"), this.options.tcgTbSizeMiB, this.arch, { path: memory, shared: true }, this.options.kernelWords), "-qmp", `unix:${qmpSocket},server=on,wait=off`];
          const { process: vm } = await this.spawn(templateSpec, args, hostPort, "cold");
          await waitForConsole(vm, ATTACH_WAIT_MARK, templates.timeoutMs ?? 180_000, "the template VM");
          return vm;
        },
      };
      pending = ensureTemplate(templates.dir, key, build, { runDir, maxBytes: templates.maxBytes ?? DEFAULT_TEMPLATE_BYTES, timeoutMs: 30_000 }).finally(() => {
        templatesInFlight.delete(dir);
        return rm(runDir, { recursive: true, force: true });
      });
      templatesInFlight.set(dir, pending);
    }
    return pending;
  }

  private async spawn(spec: VmSpec, args: string[], hostPort: number, start: VmStart, withInput = false, inNamespace = false): Promise<{ process: VmProcess; child: ChildProcess }> {
    const log = new CappedLog(spec.serialLogPath, this.options.serialLogBytes);
    const stdio: SpawnOptions = { stdio: [withInput ? "pipe" : "ignore", "pipe", "pipe"] };
    // unshare execs QEMU: the pid stays QEMU's (bindInNamespace enters its namespaces by it).
    const child = inNamespace ? spawnOwned(NAMESPACE_COMMAND[0], [...NAMESPACE_COMMAND.slice(1), this.binary, ...args], stdio) : spawnOwned(this.binary, args, stdio);
    child.stdin?.on("error", () => {});
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
    const vm: VmProcess = {
      pid: child.pid,
      start,
      agentAddress: `127.0.0.1:${hostPort}`,
      exited,
      serialTail: (maxBytes) => log.tail(maxBytes),
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
      },
    };
    return { process: vm, child };
  }
}

/** `promise`'s outcome, or a rejection as soon as `signal` aborts (what `promise` does goes on). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Resolves once `text` is on the VM's console; rejects when the VM (`what`) ends first or after `timeoutMs`. */
async function waitForConsole(vm: VmProcess, text: string, timeoutMs: number, what: string): Promise<void> {
  let ended = false;
  void vm.exited.then(() => (ended = true));
  for (const deadline = Date.now() + timeoutMs; !vm.serialTail(64 * 1024).includes(text); ) {
    if (ended) throw new Error(`${what} ended before it was ready\n${vm.serialTail(1500)}`);
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s\n${vm.serialTail(1500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A VM restored for the pool, not yet anyone's (QemuBackend.restoreUnassigned). */
export interface UnassignedVm {
  /** Killing it also closes its relays and removes its folder. */
  process: VmProcess;
  /** Gives the VM a box: its shares (same tags, same order as the pool's) and host services; then the guest attaches them. */
  attach(box: Pick<VmSpec, "id" | "shares" | "gatewayPort" | "egressProxyPort">): Promise<void>;
}

/**
 * A listener on 127.0.0.1 that a pooled VM's guestfwd leads to: it refuses every connection
 * until `to(port)` names the host service of the box the VM was given.
 */
async function relay(): Promise<{ port: number; to(port: number | undefined): void; close(): void }> {
  let target: number | undefined;
  const server = createServer({ allowHalfOpen: true }, (guest) => (target === undefined ? guest.destroy() : joinToHostPort(guest, target)));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as AddressInfo).port, to: (port) => (target = port), close: () => server.close() };
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
