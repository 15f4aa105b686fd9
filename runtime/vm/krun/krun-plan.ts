import type { VmSpec } from "../backend";
import type { KrunAddon } from "./libkrun";

/**
 * One libkrun configuration call, as data: the VM process receives the whole list, applies
 * it to a fresh context in order, then calls krun_start_enter. A closed union, so the plan
 * for a box can be built and checked without libkrun.
 */
export type KrunCall =
  | { fn: "setVmConfig"; numVcpus: number; ramMib: number }
  | { fn: "setKernel"; kernelPath: string; kernelFormat: number; initramfs: string | null; cmdline: string | null }
  | { fn: "addVirtiofs3"; tag: string; path: string; shmSize: number; readOnly: boolean }
  | { fn: "disableImplicitVsock" }
  | { fn: "addVsock"; tsiFeatures: number }
  | { fn: "addVsockPort2"; port: number; socketPath: string; listen: boolean }
  | { fn: "setPortMap"; portMap: string[] }
  | { fn: "setConsoleOutput"; path: string };

export interface KrunPlan {
  /** The libkrun shared library to open (resolved by the parent, see openLibkrun). */
  library: string;
  calls: KrunCall[];
}

/** libkrun.h: KRUN_KERNEL_FORMAT_ELF (an uncompressed vmlinux) and the TSI feature bits. */
export const KRUN_KERNEL_FORMAT_ELF = 1;
export const KRUN_TSI_HIJACK_INET = 1 << 0;

/** The guest's vsock port of the agent (gRPC), mapped to a unix socket on the host. */
export const AGENT_VSOCK_PORT = 4088;
/** The guest's vsock port that leads to the box's model gateway on the host. */
export const GATEWAY_VSOCK_PORT = 4089;

export interface KrunHostPaths {
  /** Host unix socket libkrun listens on and joins to the guest's vsock port 4088. */
  agent: string;
  /** Host unix socket the guest's connections to vsock port 4089 are joined to. */
  gateway: string;
  /** Where libkrun writes the guest console. */
  console: string;
}

/**
 * The libkrun configuration of a box's VM:
 * - the box's own guest kernel and initramfs (so both backends boot the same guest); libkrun
 *   uses libkrunfw's bundled kernel only when none is set;
 * - every share as a virtio-fs device under the share's tag, read-only where it is;
 * - vsock: port 4088 mapped to a host unix socket (listen: the host connects in), port 4089
 *   out to the gateway's socket under `llm` and `full`;
 * - network: TSI (the guest's sockets carried out by the host) only under `full`; under
 *   `none` and `llm` the vsock device has no TSI, so the guest has no network of its own.
 */
export function krunPlan(spec: VmSpec, library: string, paths: KrunHostPaths): KrunPlan {
  const calls: KrunCall[] = [
    { fn: "setVmConfig", numVcpus: spec.cpus, ramMib: spec.memoryMiB },
    {
      fn: "setKernel",
      kernelPath: spec.kernel,
      kernelFormat: KRUN_KERNEL_FORMAT_ELF,
      initramfs: spec.initramfs,
      cmdline: "console=hvc0 panic=-1 quiet",
    },
    ...spec.shares.map((share): KrunCall => ({ fn: "addVirtiofs3", tag: share.tag, path: share.hostPath, shmSize: 0, readOnly: share.readOnly })),
    { fn: "disableImplicitVsock" },
    { fn: "addVsock", tsiFeatures: spec.network === "full" ? KRUN_TSI_HIJACK_INET : 0 },
    { fn: "addVsockPort2", port: AGENT_VSOCK_PORT, socketPath: paths.agent, listen: true },
  ];
  if (spec.network !== "none") {
    calls.push({ fn: "addVsockPort2", port: GATEWAY_VSOCK_PORT, socketPath: paths.gateway, listen: false });
  }
  // With TSI, an empty map exposes none of the guest's listening ports on the host.
  if (spec.network === "full") calls.push({ fn: "setPortMap", portMap: [] });
  calls.push({ fn: "setConsoleOutput", path: paths.console });
  return { library, calls };
}

/** Applies one call to a context (in the VM process). */
export function applyKrunCall(addon: KrunAddon, ctx: number, call: KrunCall): void {
  switch (call.fn) {
    case "setVmConfig":
      return addon.setVmConfig(ctx, call.numVcpus, call.ramMib);
    case "setKernel":
      return addon.setKernel(ctx, call.kernelPath, call.kernelFormat, call.initramfs, call.cmdline);
    case "addVirtiofs3":
      return addon.addVirtiofs3(ctx, call.tag, call.path, call.shmSize, call.readOnly);
    case "disableImplicitVsock":
      return addon.disableImplicitVsock(ctx);
    case "addVsock":
      return addon.addVsock(ctx, call.tsiFeatures);
    case "addVsockPort2":
      return addon.addVsockPort2(ctx, call.port, call.socketPath, call.listen);
    case "setPortMap":
      return addon.setPortMap(ctx, call.portMap);
    case "setConsoleOutput":
      return addon.setConsoleOutput(ctx, call.path);
  }
}
