import { existsSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { nodeChild } from "../../node-child";
import { krunVmProgramPath } from "../../paths";
import type { GuestEndpoints, VmBackend, VmExit, VmProcess, VmSpec } from "../backend";
import { CappedLog, tailOfLog } from "../capped-log";
import { joinToHostPort } from "../join-host-port";
import { spawnOwned } from "../owned-process";
import { GATEWAY_VSOCK_PORT, PROXY_VSOCK_PORT, krunKernelFormat, krunPlan, type KrunHostPaths } from "./krun-plan";
import { libkrunInstallHint, loadKrunAddon, openLibkrun } from "./libkrun";

export interface KrunBackendOptions {
  /** Variables for the VM processes, over this process's (e.g. A3S_LIBKRUN_PATH). */
  env?: NodeJS.ProcessEnv;
  /** The VM process program; default the built dist/runtime/krun-vm.js. */
  vmProgram?: string;
  /** Cap of the VM process's own log on disk (default 1 MiB); libkrun writes the console itself. */
  serialLogBytes?: number;
}

/** Longest unix socket path the platforms accept (sun_path: 108 bytes on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = process.platform === "darwin" ? 103 : 107;

/**
 * libkrun (KVM on Linux, Hypervisor.framework on macOS) through the addon in native/. Each
 * VM runs in its own child process (krun-vm-main.ts), because krun_start_enter takes over
 * the process that calls it; that process dies with this one. The host reaches the agent
 * through the unix socket libkrun maps to the guest's vsock port 4088.
 */
const KRUN_GUEST_ENDPOINTS: GuestEndpoints = {
  gatewayUrl: `http://127.0.0.1:${GATEWAY_VSOCK_PORT}`,
  proxyUrl: `http://127.0.0.1:${PROXY_VSOCK_PORT}`,
  hostAddress: "127.0.0.1",
};

export class KrunBackend implements VmBackend {
  readonly name = "krun" as const;
  /**
   * The guest reaches the host over vsock only: its init's bridge (guest/init/vsock-bridge)
   * listens on its loopback at these ports and joins them to vsock 4089 and 4090.
   */
  readonly guestEndpoints = KRUN_GUEST_ENDPOINTS;
  private library: string | undefined;

  constructor(private readonly options: KrunBackendOptions = {}) {}

  /** Throws VM_UNAVAILABLE, saying what to install, when the addon or libkrun is missing. */
  async check(): Promise<void> {
    if (process.platform !== "linux" && process.platform !== "darwin") {
      throw new A3sError(ErrorCodes.VM_UNAVAILABLE, libkrunInstallHint());
    }
    this.library ??= openLibkrun(loadKrunAddon(), { ...process.env, ...this.options.env });
  }

  async launch(spec: VmSpec): Promise<VmProcess> {
    await this.check();
    const paths: KrunHostPaths = {
      agent: join(spec.runDir, "agent.sock"),
      gateway: join(spec.runDir, "gateway.sock"),
      proxy: join(spec.runDir, "proxy.sock"),
      // libkrun opens this path itself: Node's child stdio are sockets, which it cannot open.
      console: spec.serialLogPath,
    };
    if (spec.hostPorts?.length) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "host ports are not supported by the krun backend yet; use the qemu backend");
    }
    for (const path of [paths.agent, paths.gateway, paths.proxy]) {
      if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
        throw new A3sError(ErrorCodes.VM_BOOT_FAILED, `the VM's run folder is too deep for a unix socket: ${path}`);
      }
      rmSync(path, { force: true });
    }
    const planPath = join(spec.runDir, "krun-plan.json");
    writeFileSync(planPath, JSON.stringify(krunPlan(spec, this.library!, paths, krunKernelFormat(spec.kernel))), { mode: 0o600 });

    const bridges = [
      spec.gatewayPort === undefined ? undefined : await bridgeToHostPort(paths.gateway, spec.gatewayPort),
      spec.egressProxyPort === undefined ? undefined : await bridgeToHostPort(paths.proxy, spec.egressProxyPort),
    ];
    // The VM process's own messages (configuration errors) go beside the console log.
    const log = new CappedLog(join(spec.runDir, "krun-vm.log"), this.options.serialLogBytes);
    const program = this.options.vmProgram ?? krunVmProgramPath;
    const vm = nodeChild(program, [planPath], { ...process.env, ...this.options.env });
    const child = spawnOwned(vm.command, vm.args, { stdio: ["ignore", "pipe", "pipe"], env: vm.env });
    child.stdout!.on("data", (chunk: Buffer) => log.write(chunk));
    child.stderr!.on("data", (chunk: Buffer) => log.write(chunk));
    const exited = new Promise<VmExit>((resolve) => {
      child.on("error", (error) => log.write(`a3s-box: cannot start the krun VM process: ${error.message}\n`));
      child.on("close", (code, signal) => {
        log.close();
        for (const bridge of bridges) bridge?.close();
        rmSync(paths.agent, { force: true });
        resolve({ code, signal });
      });
    });
    if (child.pid === undefined) {
      await exited;
      throw new A3sError(ErrorCodes.VM_BOOT_FAILED, `cannot start the krun VM process: ${log.tail(500)}`);
    }
    const serialTail = (maxBytes = 4096): string => {
      const text = tailOfLog(spec.serialLogPath, maxBytes) + log.tail(maxBytes);
      return text.slice(Math.max(0, text.length - maxBytes));
    };
    return {
      pid: child.pid,
      start: "cold",
      agentAddress: `unix:${paths.agent}`,
      exited,
      serialTail,
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited;
      },
    };
  }
}

/**
 * The host end of a guest vsock port to a host service (gateway, egress proxy): libkrun joins
 * each guest connection to this unix socket, and this joins it to the service's TCP port on
 * 127.0.0.1.
 */
async function bridgeToHostPort(socketPath: string, hostPort: number): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (guest) => joinToHostPort(guest, hostPort));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  server.on("close", () => existsSync(socketPath) && rmSync(socketPath, { force: true }));
  return server;
}
