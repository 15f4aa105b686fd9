/**
 * Boots boxes for BoxService as real microVMs (`Box`), from a warm pool where one is ready
 * (QEMU on Linux: the box appears without a boot wait). Each box's agent keeps its sessions in
 * a folder under the service's state dir, so they survive a restart of the VM. The provider
 * settings reach the box's model gateway on the host, never the VM. The file panel reads and
 * writes through the agent in the VM, never the shared folder on the host.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";
import { Box } from "../box/box";
import { VmPool } from "../vm/vm-pool";
import type { BoxLauncher, LaunchedBox } from "./box-service";

const FAILURE_POLL_MS = 1000;

export class VmBoxLauncher implements BoxLauncher {
  private readonly pool: VmPool;
  private report: (message: string) => void = () => {};

  /** `poolSize`: boxes kept ready for "New box" (a warm pool, see runtime/vm/vm-pool.ts; default `A3S_BOX_POOL` of `baseEnv`, else 1; 0 for none). */
  constructor(
    private readonly stateDir: string,
    private readonly baseEnv: NodeJS.ProcessEnv = process.env,
    poolSize = poolSizeOf(baseEnv),
  ) {
    this.pool = new VmPool({
      size: poolSize,
      onWarning: (message) => this.report(`warning: ${message}`),
      onReady: ({ pid }) => this.report(`the warm pool has a VM ready for the next box (QEMU pid ${pid})`),
    });
  }

  /**
   * Fills the pool for boxes of the default boundary, the ones "New box" makes unless told
   * otherwise; the pool's news from now on (ready VMs, refills that fail) goes to `onProgress`.
   */
  async warm(onProgress: (message: string) => void): Promise<void> {
    this.report = onProgress;
    if (this.pool.size > 0) await Box.fillPool({ pool: this.pool, env: this.baseEnv, onProgress });
  }

  dispose(): Promise<void> {
    return this.pool.dispose();
  }

  async launch(request: Parameters<BoxLauncher["launch"]>[0]): Promise<LaunchedBox> {
    const agentState = join(this.stateDir, "agents", request.boxId);
    await mkdir(agentState, { recursive: true });
    const box = await Box.create({
      workspace: request.workspace,
      network: request.boundary.network === "allow" ? { allow: request.boundary.allow } : request.boundary.network,
      hostPorts: request.boundary.hostPorts,
      protectedPaths: request.boundary.protectedPaths,
      stateDir: agentState,
      env: { ...this.baseEnv, ...request.env },
      auditLog: request.auditLog,
      prices: request.prices,
      onProgress: request.onProgress,
      ...(this.pool.size > 0 ? { pool: this.pool } : {}),
    });
    let watcher: NodeJS.Timeout | undefined;
    return {
      link: { sessions: box.client, workspace: box.client, close: () => box.client.close() },
      start: box.vmStart,
      logs: () => box.logs(),
      stop: async () => {
        clearInterval(watcher);
        await box.stop();
      },
      // VmManager notices a dead VM process and marks the box failed; pass that on.
      onExit(listener) {
        watcher = setInterval(() => {
          if (box.state !== "failed") return;
          clearInterval(watcher);
          listener(box.failure ?? new Error(`box ${box.id} stopped`));
        }, FAILURE_POLL_MS);
        watcher.unref();
      },
    };
  }
}

function poolSizeOf(env: NodeJS.ProcessEnv): number {
  const size = Number(env["A3S_BOX_POOL"] ?? 1);
  if (!Number.isInteger(size) || size < 0) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `A3S_BOX_POOL must be a whole number of boxes (0 for no warm pool), got ${env["A3S_BOX_POOL"]}`);
  return size;
}
