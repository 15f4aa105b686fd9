/**
 * Boots boxes for BoxService as real microVMs (`Box`). Each box's agent keeps its sessions in
 * a folder under the service's state dir, so they survive a restart of the VM. The provider
 * settings reach the box's model gateway on the host, never the VM. The file panel reads and
 * writes through the agent in the VM, never the shared folder on the host.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Box } from "../box/box";
import type { BoxLauncher, LaunchedBox } from "./box-service";

const FAILURE_POLL_MS = 1000;

export class VmBoxLauncher implements BoxLauncher {
  constructor(
    private readonly stateDir: string,
    private readonly baseEnv: NodeJS.ProcessEnv = process.env,
  ) {}

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
    });
    let watcher: NodeJS.Timeout | undefined;
    return {
      link: { sessions: box.client, workspace: box.client, close: () => box.client.close() },
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
