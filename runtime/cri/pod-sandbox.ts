import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { A3sError, ErrorCodes } from "../../common/errors";
import { NAMED_NETWORK_POLICIES, type NamedNetworkPolicy } from "../../common/network";
import { Box } from "../box/box";
import { isNamedNetworkPolicy } from "../network/network-policy";
import type { CriContainer } from "./cri-container";
import type { LinuxContainerResources, PodSandboxConfig, PodSandboxState } from "./cri-types";
import { GuestContainers } from "./guest-process";
import type { BootEnd, ServiceMetrics } from "../telemetry/metrics";

/** The pod annotation that chooses the VM's network: `none` (default), `llm` or `full`. */
export const NETWORK_ANNOTATION = "a3s.box/network";

export interface SandboxFolders {
  /** Shared read-write into the VM at /workspace: the containers' root filesystems and mounts. */
  share: string;
  /** The agent's state share. */
  state: string;
  /** Where container files are assembled before they move into the share. */
  staging: string;
}

/** One pod: a microVM (a Box) and the containers in it. */
export class PodSandbox {
  readonly containers = new Map<string, CriContainer>();
  readonly createdAt = String(BigInt(Date.now()) * 1_000_000n);
  private stopped = false;

  private constructor(
    readonly id: string,
    readonly config: PodSandboxConfig,
    readonly runtimeHandler: string,
    readonly folders: SandboxFolders,
    private readonly box: Box,
    readonly guest: GuestContainers,
  ) {}

  static async run(options: { config: PodSandboxConfig; runtimeHandler: string; folders: (id: string) => Promise<SandboxFolders>; bootTimeoutMs?: number; metrics?: ServiceMetrics }): Promise<PodSandbox> {
    const { config } = options;
    const id = randomBytes(32).toString("hex");
    const network = networkOf(config.annotations);
    const folders = await options.folders(id);
    const resources = config.linux?.resources ?? undefined;
    const startedAt = performance.now();
    const booted = (boot: BootEnd) => options.metrics?.bootEnded((performance.now() - startedAt) / 1000, boot);
    const box = await Box.create({
      workspace: folders.share,
      stateDir: folders.state,
      variant: "slim",
      network,
      protectedPaths: [],
      cpus: cpusOf(resources),
      ...(memoryOf(resources) ? { memoryMiB: memoryOf(resources) } : {}),
      ...(options.bootTimeoutMs ? { bootTimeoutMs: options.bootTimeoutMs } : {}),
    }).catch((error: unknown) => {
      booted({ outcome: "failed" });
      options.metrics?.error(A3sError.from(error).code);
      throw error;
    });
    booted({ outcome: "ready", start: box.vmStart });
    const { address, token } = box.agent;
    return new PodSandbox(id, config, options.runtimeHandler, folders, box, new GuestContainers(address, token));
  }

  /** READY while its VM runs; NOTREADY once stopped or when the VM died. */
  get state(): PodSandboxState {
    return !this.stopped && this.box.state === "ready" ? "SANDBOX_READY" : "SANDBOX_NOTREADY";
  }

  /** The box's state for the metrics: the VM's, or "stopped" once the sandbox was stopped. */
  get boxState(): string {
    return this.stopped ? "stopped" : this.box.state;
  }

  /** The pid of the VM (status `info`, and for tests that kill it). */
  get vmPid(): number | undefined {
    return this.box.vmPid;
  }

  get vmFailure(): string {
    return this.box.failure?.message ?? (this.box.state === "ready" ? "" : `the VM is ${this.box.state}`);
  }

  /** Kills the containers and the VM; idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.containers.values()].map((c) => c.stop(0).catch(() => {})));
    this.guest.close();
    await this.box.stop();
  }
}

function networkOf(annotations: Record<string, string>): NamedNetworkPolicy {
  const value = annotations[NETWORK_ANNOTATION] ?? "none";
  if (!isNamedNetworkPolicy(value)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `the annotation ${NETWORK_ANNOTATION} must be one of ${NAMED_NETWORK_POLICIES.join(", ")}, got "${value}"`);
  }
  return value;
}

/** The pod's CPU limit (quota/period), rounded up to whole vCPUs, within this host's CPUs. */
function cpusOf(resources: LinuxContainerResources | undefined): number {
  const quota = Number(resources?.cpuQuota ?? 0);
  const period = Number(resources?.cpuPeriod ?? 0);
  if (quota <= 0 || period <= 0) return 1;
  return Math.min(Math.max(1, Math.ceil(quota / period)), availableParallelism());
}

/** The pod's memory limit in MiB (at least the 256 a VM needs), or undefined for the default. */
function memoryOf(resources: LinuxContainerResources | undefined): number | undefined {
  const bytes = Number(resources?.memoryLimitInBytes ?? 0);
  if (bytes <= 0) return undefined;
  return Math.max(256, Math.ceil(bytes / 1024 / 1024));
}
