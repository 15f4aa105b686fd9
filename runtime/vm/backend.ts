/**
 * The one interface every VM backend implements (qemu here, krun through native/). A backend
 * only launches and kills VM processes; the lifecycle (states, readiness, timeouts, dead-VM
 * detection) belongs to VmManager.
 */

import type { NetworkPolicy } from "../network/network-policy";

/** What a box may reach on the network (see network-policy.ts). */
export type VmNetwork = NetworkPolicy;

/** How the guest reaches the box's services on the host, under one backend's wiring. */
export interface GuestEndpoints {
  /** The model gateway's base URL. */
  gatewayUrl: string;
  /** The egress proxy (HTTP_PROXY/HTTPS_PROXY in the guest). */
  proxyUrl: string;
  /** Where the host ports of VmSpec.hostPorts answer, each on its own number. */
  hostAddress: string;
}

/** A host folder shared into the guest under a mount tag. */
export interface VmShare {
  tag: string;
  hostPath: string;
  readOnly: boolean;
}

export interface VmSpec {
  id: string;
  /** Uncompressed kernel (vmlinux) for direct boot; backends with their own kernel ignore it. */
  kernel: string;
  initramfs: string;
  cpus: number;
  memoryMiB: number;
  /**
   * The agent layer (mounted read-only at /opt/a3s before the agent starts): QEMU attaches the
   * image as a read-only disk (a mounted 9p share would block snapshots), krun shares the
   * folder as `a3sagent`.
   */
  agentLayer: { dir: string; image: string };
  /** Shares the guest's attach step mounts: a3sconf, a3sroot, a3swork (+ a3sstate). */
  shares: readonly VmShare[];
  network: VmNetwork;
  /** The box's model gateway on the host's 127.0.0.1 (not used with network `none`). */
  gatewayPort?: number;
  /** The box's egress proxy on the host's 127.0.0.1 (networks `allow` and `full`). */
  egressProxyPort?: number;
  /** Ports of the host's 127.0.0.1 the guest may reach directly (at GuestEndpoints.hostAddress). */
  hostPorts?: readonly number[];
  /** The TCP port the agent listens on inside the guest. */
  guestAgentPort: number;
  /** A private folder for this VM's files (serial log, pid file); the backend may use it. */
  runDir: string;
  /** Where the console goes; capped (see CappedLog). */
  serialLogPath: string;
}

export interface VmExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * How a VM came to run: booted from its kernel (`cold`, also when a snapshot template could
 * not be used), restored from its kind's snapshot template (`restored`), or taken from the
 * warm pool, where it waited restored (`pooled`).
 */
export type VmStart = "cold" | "restored" | "pooled";

/** A launched VM process. */
export interface VmProcess {
  readonly pid: number;
  readonly start: VmStart;
  /** gRPC target of the agent as the host reaches it: "127.0.0.1:PORT" or "unix:/path". */
  readonly agentAddress: string;
  /** Resolves once, when the VM process has ended for any reason. */
  readonly exited: Promise<VmExit>;
  /** The last bytes of the console output. */
  serialTail(maxBytes?: number): string;
  /** Ends the VM now (power cut); resolves when the process is gone. Idempotent. */
  kill(): Promise<void>;
  /**
   * Told once by the VM's owner when its boot has ended: the agent answered, or the VM failed
   * or was stopped first. A VM taken from the warm pool has its pool refilled only then, so
   * that the next VM's restore does not take the CPUs this one needs to attach.
   */
  booted?(): void;
}

export interface VmBackend {
  readonly name: "qemu" | "krun";
  /** Where the guest finds the gateway, the proxy and the host ports under this backend. */
  readonly guestEndpoints: GuestEndpoints;
  /**
   * Checks that this backend can run VMs on this host; throws VM_UNAVAILABLE saying what to
   * install when not. May probe (boot a tiny VM) and cache the result.
   */
  check(): Promise<void>;
  launch(spec: VmSpec): Promise<VmProcess>;
}
