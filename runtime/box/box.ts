import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { A3sClient } from "../../client/index";
import { A3sError, ErrorCodes } from "../../common/errors";
import { mergeSessionOptions } from "../../common/session";
import { DEFAULT_AGENT_PORT } from "../../common/proto";
import type { GuestEndpoints, VmBackend, VmShare, VmSpec, VmStart } from "../vm/backend";
import { startModelGateway, type ModelGateway } from "../gateway/model-gateway";
import { agentConfigOfLabels, type ImageAgentConfig } from "../image/agent-labels";
import { AuditLog, assertAuditOutOfReach, defaultAuditDir } from "../telemetry/audit-log";
import { activeTracing } from "../../common/node/tracing";
import { prepareRootfs, type PreparedRootfs, type ProgressListener } from "../image/index";
import { startEgressProxy, type EgressDecision, type EgressProxy } from "../network/egress-proxy";
import { ANY_PUBLIC_DESTINATION, allowListRules } from "../network/egress-rules";
import { checkAgentHealth } from "../vm/agent-health";
import { ensureGuestArtifacts, guestCacheDir, type GuestArtifacts } from "../vm/guest-artifacts";
import { hostGuestArch } from "../guest-image/guest-arch";
import { chooseBackend } from "../vm/backend-choice";
import { KrunBackend } from "../vm/krun/krun-backend";
import { QemuBackend } from "../vm/qemu/qemu-backend";
import { qemuBinaryName, qemuVersion } from "../vm/qemu/qemu-binary";
import { VmManager, type ManagedVm, type VmState } from "../vm/vm-manager";
import { fillPool, pooledBackend } from "../vm/pooled-backend";
import type { VmPool } from "../vm/vm-pool";
import { chooseToolsCommand, resolveBoxOptions, type BoxOptions, type ResolvedBoxOptions } from "./box-options";
import { boxDir, isStopRequested, writeBoxRecord } from "./box-registry";
import { agentArgs, removeGuestConfig, writeGuestConfig } from "./guest-config";
import { createLogger } from "../../common/node/logger";
import { readImageSkills, type ImageSkill } from "./image-skills";
import { WorkspaceLease } from "./workspace-lease";

/** Image pull progress as the short messages Box reports. */
function imageProgress(progress: (message: string) => void): ProgressListener {
  return (event) => {
    if (event.type === "resolved") progress(`image ${event.ref}: ${event.layers} layers`);
    else if (event.type === "downloaded" && !event.cached) progress(`downloaded layer ${event.digest.slice(0, 19)} (${event.total} bytes)`);
    else if (event.type === "unpack") progress(`unpacking layer ${event.index + 1}/${event.count}`);
    else if (event.type === "warning") progress(event.message);
  };
}

/** The environment of the agent in every box (no secrets). */
const BASE_AGENT_ENV = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  HOME: "/root",
  LANG: "C.UTF-8",
  // The agent layer's Node for skills' scripts (guest/agent/skills/skill-backends.ts).
  A3S_NODE: "/opt/a3s/bin/a3s-node",
};

/** How many egress decisions a box keeps for networkLog(). */
const MAX_KEPT_DECISIONS = 1000;

/**
 * The guest's proxy settings: tools that honour them (curl, pip, npm, git, apt) go out through
 * the egress proxy; the gateway and the host ports are reached directly.
 */
function proxyEnv(endpoints: GuestEndpoints): Record<string, string> {
  const direct = [new URL(endpoints.gatewayUrl).hostname, endpoints.hostAddress, "localhost", "127.0.0.1"];
  const noProxy = [...new Set(direct)].join(",");
  return {
    HTTP_PROXY: endpoints.proxyUrl,
    HTTPS_PROXY: endpoints.proxyUrl,
    http_proxy: endpoints.proxyUrl,
    https_proxy: endpoints.proxyUrl,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
}

/** The box's folders as the guest's shares, in the order the guest's attach step expects. */
function boxShares(conf: string, rootfs: string, workspace: string, state: string): VmShare[] {
  return [
    { tag: "a3sconf", hostPath: conf, readOnly: true },
    { tag: "a3sroot", hostPath: rootfs, readOnly: true },
    { tag: "a3swork", hostPath: workspace, readOnly: false },
    { tag: "a3sstate", hostPath: state, readOnly: false },
  ];
}

/** The VM of a box with these options, less its id and folder. */
function vmSpecOf(resolved: ResolvedBoxOptions, artifacts: GuestArtifacts, shares: VmShare[], gatewayPort: number | undefined, egressProxyPort: number | undefined): Omit<VmSpec, "id" | "runDir" | "serialLogPath"> {
  return {
    kernel: artifacts.kernel,
    initramfs: artifacts.initramfs,
    cpus: resolved.cpus,
    memoryMiB: resolved.memoryMiB,
    agentLayer: { dir: artifacts.agentLayer, image: artifacts.agentImage },
    shares,
    network: resolved.network,
    gatewayPort,
    egressProxyPort,
    hostPorts: resolved.hostPorts,
    guestAgentPort: DEFAULT_AGENT_PORT,
  };
}

/**
 * A microVM running the agent: `await Box.create({ workspace })` boots it and resolves once
 * the agent answers. `await using box = await Box.create()` stops it at the end of the scope.
 */
export class Box implements AsyncDisposable {
  private constructor(
    private readonly vm: ManagedVm,
    readonly options: ResolvedBoxOptions,
    readonly backendName: string,
    private readonly gateway: ModelGateway | undefined,
    private readonly proxy: EgressProxy | undefined,
    private readonly image: PreparedRootfs | undefined,
    private readonly decisions: EgressDecision[],
    /** The box's audit log on the host: its gateway's requests are written there; tool calls by whoever streams turns. */
    readonly auditLog: AuditLog,
    /** The box's share of its workspace: what the guests add to it (a stand-in .git) stays until the last box stops. */
    private readonly lease?: WorkspaceLease,
  ) {}

  static async create(options: BoxOptions = {}): Promise<Box> {
    const { resolved, progress, artifacts, backend } = await Box.prepare(options);

    const id = randomBytes(6).toString("hex");
    const auditLog = options.auditLog ?? new AuditLog(defaultAuditDir({ ...process.env, ...options.env }), id, { log: createLogger({ level: resolved.logLevel, component: "audit" }) });
    assertAuditOutOfReach(auditLog, [resolved.workspace, resolved.stateDir]);
    const image = resolved.image === undefined ? undefined : await prepareRootfs(resolved.image, { onProgress: imageProgress(progress) });
    let imageAgent: ImageAgentConfig = {};
    let imageSkills: ImageSkill[] = [];
    try {
      if (image) imageAgent = agentConfigOfLabels(image.config.labels);
      if (image && imageAgent.skills) imageSkills = await readImageSkills(image.rootfsDir, imageAgent.skills);
    } catch (error) {
      image?.release();
      throw error;
    }
    const { skills: _, toolsCommand: labelCommand, ...labelDefaults } = imageAgent;
    const toolsCommand = chooseToolsCommand(options.toolsCommand, labelCommand);
    const sessionDefaults = mergeSessionOptions(labelDefaults, options.sessionDefaults ?? {});
    // The agent reaches its models through the box's gateway, which holds the keys.
    const tracing = activeTracing();
    const gateway = resolved.network === "none" ? undefined : await startModelGateway({
      env: options.env ?? process.env,
      ...(tracing ? { traces: { boxId: id, tracing } } : {}),
      log: createLogger({ level: resolved.logLevel, component: "gateway" }),
      ...(options.modelBudget ? { budget: options.modelBudget } : {}),
      ...(options.prices ? { prices: options.prices } : {}),
      onRequest: (request) => void auditLog.append({ event: "gateway", time: new Date().toISOString(), box: auditLog.boxId, ...request }),
    }).catch((error: unknown) => {
      image?.release();
      throw error;
    });
    const decisions: EgressDecision[] = [];
    const proxy =
      resolved.network === "allow" || resolved.network === "full"
        ? await startEgressProxy({
            rules: resolved.network === "full" ? ANY_PUBLIC_DESTINATION : allowListRules(resolved.allow),
            hostPorts: resolved.hostPorts,
            lookup: options.egressLookup,
            onDecision: (decision) => {
              if (decisions.push(decision) > MAX_KEPT_DECISIONS) decisions.shift();
              options.onNetworkDecision?.(decision);
            },
          }).catch(async (error: unknown) => {
            await gateway?.close();
            image?.release();
            throw error;
          })
        : undefined;
    const endpoints = backend.guestEndpoints;
    const runDir = boxDir(id);
    const token = randomBytes(32).toString("hex");
    const confDir = join(runDir, "conf");
    let vm: ManagedVm;
    let lease: WorkspaceLease | undefined;
    try {
      lease = await WorkspaceLease.join(resolved.workspace, id, resolved.protectedPaths);
      await writeGuestConfig(confDir, {
        hostname: `box-${id}`,
        agentArgs: agentArgs({ ...resolved, token, ...(toolsCommand ? { toolsCommand } : {}) }),
        stateShare: true,
        protectedPaths: resolved.protectedPaths,
        agentEnv: {
          ...BASE_AGENT_ENV, ...gateway?.guestEnv(endpoints.gatewayUrl), ...(proxy && proxyEnv(endpoints)), A3S_BOX_ID: id,
          ...(Object.keys(sessionDefaults).length > 0 ? { A3S_SESSION_DEFAULTS: JSON.stringify(sessionDefaults) } : {}),
        },
      });
      const shares = boxShares(confDir, image?.rootfsDir ?? resolved.rootfs ?? artifacts.rootfs!, resolved.workspace, resolved.stateDir);

      // Each box's own manager, so that its options (the boot timeout) apply; VMs die with this process (see spawnOwned).
      const manager = new VmManager({
        readiness: checkAgentHealth,
        bootTimeoutMs: resolved.bootTimeoutMs,
        stopRequested: (managed) => isStopRequested(managed.id),
        // State changes come only from vm.start(), after `box` below exists.
        onStateChange: () => void box.writeRecord().catch((error: unknown) => progress(`cannot update the record of box ${id} (\`a3s-box ps\` may show it stale): ${A3sError.from(error).message}`)),
      });
      vm = manager.create(
        options.pool && backend instanceof QemuBackend ? pooledBackend(options.pool, backend, (message) => progress(`warning: ${message}`)) : backend,
        { ...vmSpecOf(resolved, artifacts, shares, gateway?.port, proxy?.port), id, runDir },
        token,
      );
    } catch (error) {
      await gateway?.close();
      await proxy?.close();
      image?.release();
      await rm(runDir, { recursive: true, force: true });
      await lease?.release();
      throw error;
    }
    const box = new Box(vm, resolved, backend.name, gateway, proxy, image, decisions, auditLog, lease);
    progress(`booting box ${id}`);
    try {
      await box.writeRecord();
      await vm.start();
      for (const skill of imageSkills) await box.client.loadSkill(skill.name, skill.content);
    } catch (error) {
      // The boot failure is what the caller must see; a failed cleanup is said on the side.
      await box.stop().catch((stopError: unknown) => progress(`cleaning up box ${id} failed too: ${A3sError.from(stopError).message}`));
      throw error;
    } finally {
      await removeGuestConfig(confDir);
    }
    progress(`box ${id} is ready`);
    return box;
  }

  /** The options checked, the guest artifacts built (or found) and the backend chosen and checked. */
  private static async prepare(options: BoxOptions) {
    const resolved = resolveBoxOptions(options);
    const progress = options.onProgress ?? (() => {});
    const krun = new KrunBackend({ env: options.env });
    const choice =
      typeof options.backend === "object"
        ? undefined
        : await chooseBackend({
            requested: options.backend,
            hostPorts: resolved.hostPorts.length > 0,
            foreignArch: resolved.arch !== hostGuestArch(),
            krunCheck: () => krun.check(),
          });
    if (choice) progress(`backend ${choice.name}: ${choice.reason}`);
    // Say what to install before spending a minute on the guest build.
    if (choice?.name === "qemu") await qemuVersion(qemuBinaryName(resolved.arch), resolved.arch);
    const cacheDir = guestCacheDir();
    const custom = resolved.rootfs !== undefined || resolved.image !== undefined;
    const artifacts = await ensureGuestArtifacts({ cacheDir, arch: resolved.arch, rootfs: custom ? false : resolved.variant, onProgress: progress });
    const backend: VmBackend =
      typeof options.backend === "object"
        ? options.backend
        : choice?.name === "krun"
          ? krun
          : new QemuBackend({
              arch: resolved.arch,
              kernel: artifacts.kernel,
              floorInitramfs: artifacts.floorInitramfs,
              cacheDir,
              ...(options.fastStart || options.pool ? { templates: { dir: join(cacheDir, "templates") }, onWarning: (message: string) => progress(`warning: ${message}`) } : {}),
            });
    progress(`checking that ${backend.name} can boot VMs here`);
    await backend.check();
    return { resolved, progress, artifacts, backend };
  }

  /**
   * Fills `options.pool` with VMs for boxes of these options (their workspace does not matter:
   * pooled VMs get theirs when taken), so that the first `Box.create` with them is taken from
   * the pool too. Resolves when the pool is full for them, or says through onProgress why not.
   */
  static async fillPool(options: BoxOptions & { pool: VmPool }): Promise<void> {
    const { resolved, progress, artifacts, backend } = await Box.prepare(options);
    if (!(backend instanceof QemuBackend)) return progress(`the warm pool is off: it needs the qemu backend, not ${backend.name}`);
    const network = resolved.network;
    const spec = vmSpecOf(resolved, artifacts, boxShares("", "", "", ""), network === "none" ? undefined : 0, network === "allow" || network === "full" ? 0 : undefined);
    await fillPool(options.pool, backend, spec, (message) => progress(`warning: ${message}`));
  }

  get id(): string {
    return this.vm.id;
  }

  get state(): VmState {
    return this.vm.state;
  }

  /** Why the box failed, when `state` is `failed`. */
  get failure(): A3sError | undefined {
    return this.vm.failure;
  }

  /** The agent in the box, connected (its calls carry the box's token). */
  get client(): A3sClient {
    if (!this.connected) {
      const { address, token } = this.agent;
      this.connected = new A3sClient({ address, token });
    }
    return this.connected;
  }

  /** The agent's gRPC address on this host and the token every call must carry. */
  get agent(): { address: string; token: string } {
    const address = this.vm.agentAddress;
    if (!address) throw new A3sError(ErrorCodes.UNAVAILABLE, `box ${this.id} has no running agent (state ${this.state})`);
    return { address, token: this.vm.token };
  }

  /** The pid of the VM process (for diagnostics). */
  get vmPid(): number | undefined {
    return this.vm.pid;
  }

  /** How the box's VM came to run: booted cold, restored from a snapshot template, or taken from the warm pool. */
  get vmStart(): VmStart {
    const start = this.vm.startKind;
    if (!start) throw new A3sError(ErrorCodes.UNAVAILABLE, `box ${this.id} has no VM yet (state ${this.state})`);
    return start;
  }

  /** The egress proxy's latest decisions (networks `allow` and `full`), oldest first. */
  networkLog(): readonly EgressDecision[] {
    return [...this.decisions];
  }

  /** The tail of the VM's serial console (kept after stop). */
  logs(maxBytes?: number): string {
    return this.finalLogs ?? this.vm.logs(maxBytes);
  }

  /** Stops the VM and removes the box's files; idempotent. */
  async stop(): Promise<void> {
    this.finalLogs ??= this.vm.logs();
    // A record write begun by the last state change (a VM that failed) would put files back in the
    // folder while vm.destroy() and the rm below remove it; later changes write nothing (finalLogs).
    await this.recordWrites;
    this.connected?.close();
    await this.vm.destroy();
    await this.gateway?.close();
    await this.auditLog.flush();
    await this.proxy?.close();
    this.image?.release();
    await rm(boxDir(this.id), { recursive: true, force: true });
    await this.lease?.release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private finalLogs: string | undefined;
  private connected: A3sClient | undefined;
  private readonly createdAt = new Date().toISOString();

  private recordWrites = Promise.resolve();

  /** Writes the record `a3s-box ps` reads; one write at a time, so that stop() can wait for the last. */
  private writeRecord(): Promise<void> {
    const write = this.recordWrites.then(() => (this.finalLogs === undefined ? this.writeRecordNow() : undefined));
    this.recordWrites = write.catch(() => {});
    return write;
  }

  private async writeRecordNow(): Promise<void> {
    await writeBoxRecord({
      id: this.id,
      ownerPid: process.pid,
      vmPid: this.vm.pid,
      backend: this.backendName,
      workspace: this.options.workspace,
      network: this.options.network,
      state: this.vm.state,
      createdAt: this.createdAt,
    });
  }
}
