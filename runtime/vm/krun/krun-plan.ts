import { closeSync, openSync, readSync } from "node:fs";
import { A3sError, ErrorCodes } from "../../../common/errors";
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
  | { fn: "setConsoleOutput"; path: string };

export interface KrunPlan {
  /** The libkrun shared library to open (resolved by the parent, see openLibkrun). */
  library: string;
  calls: KrunCall[];
}

/** libkrun.h: KRUN_KERNEL_FORMAT_RAW (an arm64 Image, loaded as it is). */
export const KRUN_KERNEL_FORMAT_RAW = 0;
/** libkrun.h: KRUN_KERNEL_FORMAT_ELF (an uncompressed x86_64 vmlinux). */
export const KRUN_KERNEL_FORMAT_ELF = 1;

/**
 * libkrun's format of the guest kernel at `path`, from its first bytes: the ELF magic (the
 * x86_64 vmlinux) or the arm64 boot protocol's "ARM\x64" at offset 56 (the arm64 Image).
 */
export function krunKernelFormat(path: string): number {
  const header = Buffer.alloc(64);
  let read: number;
  try {
    const fd = openSync(path, "r");
    try {
      read = readSync(fd, header, 0, header.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new A3sError(ErrorCodes.VM_BOOT_FAILED, `cannot read the guest kernel ${path}: ${(error as Error).message}`);
  }
  if (read >= 4 && header.readUInt32BE(0) === 0x7f454c46) return KRUN_KERNEL_FORMAT_ELF;
  if (read >= 60 && header.readUInt32LE(56) === 0x644d5241) return KRUN_KERNEL_FORMAT_RAW;
  throw new A3sError(
    ErrorCodes.VM_BOOT_FAILED,
    `the guest kernel ${path} is neither an ELF vmlinux nor an arm64 Image; rebuild the guest (\`a3s-box guest build\`)`,
  );
}

/** The guest's vsock port of the agent (gRPC), mapped to a unix socket on the host. */
export const AGENT_VSOCK_PORT = 4088;
/** The guest's vsock port that leads to the box's model gateway on the host. */
export const GATEWAY_VSOCK_PORT = 4089;
/** The guest's vsock port that leads to the box's egress proxy on the host. */
export const PROXY_VSOCK_PORT = 4090;

export interface KrunHostPaths {
  /** Host unix socket libkrun listens on and joins to the guest's vsock port 4088. */
  agent: string;
  /** Host unix socket the guest's connections to vsock port 4089 are joined to. */
  gateway: string;
  /** Host unix socket the guest's connections to vsock port 4090 are joined to. */
  proxy: string;
  /** Where libkrun writes the guest console. */
  console: string;
}

/**
 * The libkrun configuration of a box's VM:
 * - the box's own guest kernel and initramfs (so both backends boot the same guest); libkrun
 *   uses libkrunfw's bundled kernel only when none is set;
 * - the agent layer's folder and every share as a virtio-fs device under its tag, read-only
 *   where it is;
 * - vsock: port 4088 mapped to a host unix socket (listen: the host connects in), port 4089
 *   out to the gateway's socket when the box has a gateway, port 4090 out to the egress
 *   proxy's under `allow` and `full`;
 * - no TSI (which would carry the guest's sockets out as the host's, its loopback included):
 *   the guest has no network of its own, and `full` goes through the egress proxy.
 */
export function krunPlan(spec: VmSpec, library: string, paths: KrunHostPaths, kernelFormat: number): KrunPlan {
  const calls: KrunCall[] = [
    { fn: "setVmConfig", numVcpus: spec.cpus, ramMib: spec.memoryMiB },
    {
      fn: "setKernel",
      kernelPath: spec.kernel,
      kernelFormat,
      initramfs: spec.initramfs,
      // a3s.vsock: the guest's init bridges vsock to its loopback, toward the host (CID 2).
      cmdline: "console=hvc0 panic=-1 quiet a3s.vsock=2",
    },
    { fn: "addVirtiofs3", tag: "a3sagent", path: spec.agentLayer.dir, shmSize: 0, readOnly: true },
    ...spec.shares.map((share): KrunCall => ({ fn: "addVirtiofs3", tag: share.tag, path: share.hostPath, shmSize: 0, readOnly: share.readOnly })),
    { fn: "disableImplicitVsock" },
    { fn: "addVsock", tsiFeatures: 0 },
    { fn: "addVsockPort2", port: AGENT_VSOCK_PORT, socketPath: paths.agent, listen: true },
  ];
  if (spec.gatewayPort !== undefined) calls.push({ fn: "addVsockPort2", port: GATEWAY_VSOCK_PORT, socketPath: paths.gateway, listen: false });
  if (spec.egressProxyPort !== undefined) calls.push({ fn: "addVsockPort2", port: PROXY_VSOCK_PORT, socketPath: paths.proxy, listen: false });
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
    case "setConsoleOutput":
      return addon.setConsoleOutput(ctx, call.path);
  }
}
