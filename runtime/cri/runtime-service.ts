import { mkdir, rm } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";
import { imageConfig, parseConfigBlob, prepareRootfs, type ImageStore } from "../image";
import { CriContainer } from "./cri-container";
import { invalidRequest, notFound, type CriHandlers } from "./cri-handlers";
import type { ContainerConfig, ContainerState, PodSandboxConfig, PodSandboxState } from "./cri-types";
import { stageContainerFiles } from "./container-files";
import { PodSandbox } from "./pod-sandbox";
import type { StreamingServer } from "./streaming-server";
import { ServiceMetrics } from "../telemetry/metrics";

export interface RuntimeServiceOptions {
  store: ImageStore;
  /** Where each sandbox keeps its folders (the VM's shares); removed with the sandbox. */
  stateDir: string;
  /** RuntimeClass handlers accepted besides the default "". */
  runtimeHandlers: string[];
  /** Serves the streams of Exec and Attach. */
  streaming: StreamingServer;
  bootTimeoutMs?: number;
}

interface StreamFlags {
  tty: boolean;
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

function streamFlags(request: StreamFlags): Omit<StreamFlags, "tty"> {
  if (request.tty) throw invalidRequest("a TTY is not supported by a3s-box: run without -t");
  return { stdin: request.stdin, stdout: request.stdout, stderr: request.stderr };
}

const matchesLabels = (labels: Record<string, string>, selector: Record<string, string> | undefined) =>
  Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);

/** Pod sandboxes (one microVM each) and their containers: `runtime.v1.RuntimeService`. */
export class CriRuntime {
  private readonly sandboxes = new Map<string, PodSandbox>();
  private booting = 0;
  /** Prometheus metrics of the pods' boxes (`a3s-box cri --metrics-listen`). */
  readonly metrics = new ServiceMetrics({
    boxStates: () => {
      const states: Record<string, number> = { booting: this.booting };
      for (const sandbox of this.sandboxes.values()) states[sandbox.boxState] = (states[sandbox.boxState] ?? 0) + 1;
      return states;
    },
    pendingApprovals: () => 0,
    lanes: async () => [],
  });

  constructor(private readonly options: RuntimeServiceOptions) {}

  handlers(): CriHandlers {
    return {
      RunPodSandbox: async (request: { config: PodSandboxConfig | null; runtimeHandler: string }) => {
        if (!request.config) throw invalidRequest("RunPodSandbox needs a config");
        if (request.runtimeHandler && !this.options.runtimeHandlers.includes(request.runtimeHandler)) {
          throw invalidRequest(`unknown runtime handler "${request.runtimeHandler}"; this runtime serves ${["\"\" (default)", ...this.options.runtimeHandlers].join(", ")}`);
        }
        this.booting += 1;
        const sandbox = await PodSandbox.run({
          config: request.config,
          runtimeHandler: request.runtimeHandler,
          folders: (id) => this.makeFolders(id),
          metrics: this.metrics,
          ...(this.options.bootTimeoutMs ? { bootTimeoutMs: this.options.bootTimeoutMs } : {}),
        }).finally(() => (this.booting -= 1));
        this.sandboxes.set(sandbox.id, sandbox);
        return { podSandboxId: sandbox.id };
      },
      StopPodSandbox: async (request: { podSandboxId: string }) => {
        await this.sandboxes.get(request.podSandboxId)?.stop();
        return {};
      },
      RemovePodSandbox: async (request: { podSandboxId: string }) => {
        const sandbox = this.sandboxes.get(request.podSandboxId);
        if (sandbox) {
          await sandbox.stop();
          await rm(this.sandboxDir(sandbox.id), { recursive: true, force: true });
          this.sandboxes.delete(sandbox.id);
        }
        return {};
      },
      PodSandboxStatus: (request: { podSandboxId: string; verbose: boolean }) => {
        const sandbox = this.sandbox(request.podSandboxId);
        return {
          status: { ...this.sandboxSummary(sandbox), network: { ip: "", additionalIps: [] }, linux: null },
          info: request.verbose ? { info: JSON.stringify({ vmPid: sandbox.vmPid, vm: sandbox.vmFailure || "running" }) } : {},
          containersStatuses: [],
          timestamp: String(BigInt(Date.now()) * 1_000_000n),
        };
      },
      ListPodSandbox: (request: { filter: { id: string; state: { state: PodSandboxState } | null; labelSelector: Record<string, string> } | null }) => {
        const filter = request.filter;
        const items = [...this.sandboxes.values()]
          .filter((s) => !filter?.id || s.id === filter.id)
          .filter((s) => !filter?.state || s.state === filter.state.state)
          .filter((s) => matchesLabels(s.config.labels, filter?.labelSelector))
          .map((s) => this.sandboxSummary(s));
        return { items };
      },
      CreateContainer: async (request: { podSandboxId: string; config: ContainerConfig | null }) => this.createContainer(request.podSandboxId, request.config),
      StartContainer: async (request: { containerId: string }) => {
        await this.container(request.containerId).start();
        return {};
      },
      StopContainer: async (request: { containerId: string; timeout: string }) => {
        await this.findContainer(request.containerId)?.stop(Number(request.timeout));
        return {};
      },
      RemoveContainer: async (request: { containerId: string }) => {
        const container = this.findContainer(request.containerId);
        if (container) {
          await container.stop(0);
          const sandbox = this.sandboxes.get(container.sandboxId);
          sandbox?.containers.delete(container.id);
          if (sandbox) await rm(join(sandbox.folders.share, container.id), { recursive: true, force: true });
        }
        return {};
      },
      ContainerStatus: (request: { containerId: string }) => {
        const c = this.container(request.containerId);
        return {
          status: {
            id: c.id,
            metadata: c.config.metadata,
            state: c.state,
            createdAt: c.createdAt,
            startedAt: c.startedAt,
            finishedAt: c.finishedAt,
            exitCode: c.exitCode,
            image: c.config.image,
            imageRef: c.imageId,
            reason: c.reason,
            message: c.message,
            labels: c.config.labels,
            annotations: c.config.annotations,
            mounts: c.config.mounts,
            logPath: c.logPath,
            imageId: c.imageId,
          },
          info: {},
        };
      },
      ListContainers: (request: { filter: { id: string; state: { state: ContainerState } | null; podSandboxId: string; labelSelector: Record<string, string> } | null }) => {
        const filter = request.filter;
        const containers = [...this.sandboxes.values()]
          .flatMap((s) => [...s.containers.values()])
          .filter((c) => !filter?.id || c.id === filter.id)
          .filter((c) => !filter?.podSandboxId || c.sandboxId === filter.podSandboxId)
          .filter((c) => !filter?.state || c.state === filter.state.state)
          .filter((c) => matchesLabels(c.config.labels, filter?.labelSelector))
          .map((c) => ({
            id: c.id,
            podSandboxId: c.sandboxId,
            metadata: c.config.metadata,
            image: c.config.image,
            imageRef: c.imageId,
            state: c.state,
            createdAt: c.createdAt,
            labels: c.config.labels,
            annotations: c.config.annotations,
            imageId: c.imageId,
          }));
        return { containers };
      },
      ExecSync: async (request: { containerId: string; cmd: string[]; timeout: string }) =>
        this.container(request.containerId).execSync(request.cmd, Number(request.timeout)),
      Exec: (request: StreamFlags & { containerId: string; cmd: string[] }) => {
        const container = this.container(request.containerId);
        const start = container.exec(request.cmd, request.stdin);
        const guest = this.sandbox(container.sandboxId).guest;
        return { url: this.options.streaming.url("exec", { ...streamFlags(request), start: (handlers) => guest.run(start, handlers) }) };
      },
      Attach: (request: StreamFlags & { containerId: string }) => {
        const container = this.container(request.containerId);
        return { url: this.options.streaming.url("attach", { ...streamFlags(request), start: (handlers) => container.attach(handlers) }) };
      },
    };
  }

  /** Stops every sandbox (the runtime is shutting down). */
  async close(): Promise<void> {
    await Promise.all([...this.sandboxes.values()].map((s) => s.stop().catch(() => {})));
  }

  /** A container by id, for the streaming server. */
  container(id: string): CriContainer {
    const container = this.findContainer(id);
    if (!container) throw notFound(`no container ${id}`);
    return container;
  }

  sandboxOf(container: CriContainer): PodSandbox {
    return this.sandbox(container.sandboxId);
  }

  private findContainer(id: string): CriContainer | undefined {
    for (const sandbox of this.sandboxes.values()) {
      const container = sandbox.containers.get(id);
      if (container) return container;
    }
    return undefined;
  }

  private sandbox(id: string): PodSandbox {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) throw notFound(`no pod sandbox ${id}`);
    return sandbox;
  }

  private sandboxSummary(s: PodSandbox) {
    return { id: s.id, metadata: s.config.metadata, state: s.state, createdAt: s.createdAt, labels: s.config.labels, annotations: s.config.annotations, runtimeHandler: s.runtimeHandler };
  }

  private sandboxDir(id: string): string {
    return join(this.options.stateDir, "sandboxes", id);
  }

  private async makeFolders(id: string) {
    const dir = this.sandboxDir(id);
    const folders = { share: join(dir, "share"), state: join(dir, "state"), staging: join(dir, "staging") };
    for (const folder of Object.values(folders)) await mkdir(folder, { recursive: true, mode: 0o700 });
    return folders;
  }

  private async createContainer(sandboxId: string, config: ContainerConfig | null) {
    const sandbox = this.sandbox(sandboxId);
    if (!config) throw invalidRequest("CreateContainer needs a config");
    if (sandbox.state !== "SANDBOX_READY") throw new A3sError(ErrorCodes.VM_UNAVAILABLE, `pod sandbox ${sandboxId} is not ready: ${sandbox.vmFailure || "it was stopped"}`);
    const reference = config.image?.image;
    if (!reference) throw invalidRequest("the container config names no image");
    const record = this.options.store.find(reference);
    if (!record) throw notFound(`image ${reference} is not in the store; pull it first (PullImage)`);
    const prepared = await prepareRootfs(record.digest, { store: this.options.store, pull: "never" });
    const image = imageConfig(parseConfigBlob(await this.options.store.readBlob(record.config.digest)));
    const argv = config.command.length > 0 ? [...config.command, ...config.args] : [...image.entrypoint, ...(config.args.length > 0 ? config.args : image.cmd)];
    if (argv.length === 0) throw invalidRequest(`the container has no command and image ${reference} names none`);
    const env = new Map(image.env.map((entry) => [entry.slice(0, entry.indexOf("=")), entry]));
    for (const { key, value } of config.envs) env.set(key, `${key}=${value}`);
    const logDirectory = sandbox.config.logDirectory;
    if (config.logPath && !logDirectory && !isAbsolute(config.logPath)) throw invalidRequest("log_path is relative but the pod sandbox has no log_directory");
    const logPath = config.logPath ? (logDirectory ? join(logDirectory, config.logPath) : config.logPath) : "";
    let container: CriContainer | undefined;
    try {
      const id = CriContainer.newId();
      const mounts = await stageContainerFiles({ staging: sandbox.folders.staging, share: sandbox.folders.share, containerId: id, rootfsDir: prepared.rootfsDir, mounts: config.mounts });
      const plan = { argv, env: [...env.values()], workingDir: config.workingDir || image.workingDir || "/", hostname: sandbox.config.hostname || sandbox.config.metadata?.name || "localhost", mounts };
      container = new CriContainer(id, sandbox.id, config, record.digest, logPath, plan, sandbox.guest);
    } finally {
      prepared.release();
    }
    sandbox.containers.set(container.id, container);
    return { containerId: container.id };
  }
}
