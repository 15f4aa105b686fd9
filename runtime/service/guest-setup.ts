/**
 * The app's first run: whether the guest that boxes boot is here for this host's
 * architecture, and building or pulling it on request, through the runtime's own builder
 * (ensureGuestArtifacts) and puller (pullGuest), with their progress as events.
 */
import { A3sError, ErrorCodes } from "../../common/errors";
import type { GuestSource, GuestStatus, GuestTask } from "../../common/box-api";
import { hostGuestArch, type GuestArch } from "../guest-image/guest-arch";
import { checkGuestArtifacts, ensureGuestArtifacts, guestBuildBlocker, guestCacheDir, nothingBuilt } from "../vm/guest-artifacts";
import { defaultGuestRef, pullGuest, pulledGuest } from "../vm/guest-oci";

/** The progress messages a task keeps. */
const MAX_LOG = 200;

export interface GuestSetupOptions {
  /** False when the host boots no boxes (attached to one agent). */
  needed: boolean;
  version: string;
  env: NodeJS.ProcessEnv;
  cacheDir?: string;
  onChange: (status: GuestStatus) => void;
}

type Found = Pick<GuestStatus, "state" | "origin" | "missing" | "build">;

export class GuestSetup {
  private readonly cacheDir: string;
  private task?: GuestTask;
  private running?: AbortController;
  /** Aborted on dispose: stops a check of the cache under way. */
  private readonly closing = new AbortController();
  /** What the cache held when last looked at; looked at again after each task. */
  private found?: Promise<Found>;

  constructor(private readonly options: GuestSetupOptions) {
    this.cacheDir = options.cacheDir ?? guestCacheDir();
  }

  async status(): Promise<GuestStatus> {
    const arch = archOrError();
    const defaultRef = typeof arch === "string" ? defaultGuestRef(this.options.version, arch, this.options.env) : "";
    const base = { needed: this.options.needed, arch: typeof arch === "string" ? arch : process.arch, defaultRef, ...(this.task ? { task: this.task } : {}) };
    if (!this.options.needed) return { ...base, state: "ready", build: { possible: false, reason: "this host is attached to one agent and boots no boxes" } };
    if (typeof arch !== "string") return { ...base, state: "missing", missing: arch.message, build: { possible: false, reason: arch.message } };
    this.found ??= this.look(arch);
    const found = await this.found;
    return { ...base, ...found, ...(this.running ? { state: "preparing" } : {}) };
  }

  async prepare(how: GuestSource): Promise<GuestStatus> {
    const arch = archOrError();
    if (typeof arch !== "string") throw arch;
    if (!this.options.needed) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "this host is attached to one agent and boots no boxes: it needs no guest");
    if (this.running) throw new A3sError(ErrorCodes.BUSY, `a guest ${this.task?.kind ?? "task"} is already under way; wait for it or cancel it`);
    const blocker = how.source === "build" ? guestBuildBlocker() : undefined;
    if (blocker) throw new A3sError(ErrorCodes.VM_UNAVAILABLE, `this host cannot build a guest: ${blocker}; pull a prebuilt one instead`);
    const controller = new AbortController();
    this.running = controller;
    const task: GuestTask = { kind: how.source, ...(how.source === "pull" ? { ref: how.ref } : {}), message: "starting", log: [], done: false };
    this.task = task;
    const onProgress = (message: string, fraction?: number) => {
      task.message = message;
      if (fraction !== undefined) task.fraction = fraction;
      task.log = [...task.log, message].slice(-MAX_LOG);
      void this.changed();
    };
    const work =
      how.source === "build"
        ? ensureGuestArtifacts({ cacheDir: this.cacheDir, arch, source: "build", onProgress, signal: controller.signal })
        : pullGuest(how.ref, this.cacheDir, { arch, onProgress, signal: controller.signal });
    void work.then(
      () => this.finish(task, { message: "the guest is ready", fraction: 1 }),
      (error: unknown) => {
        const failure = A3sError.from(error).toJSON();
        return this.finish(task, { message: failure.message, error: failure });
      },
    );
    return this.status();
  }

  async cancel(): Promise<GuestStatus> {
    this.running?.abort();
    return this.status();
  }

  /** Stops a task or a check under way (the service is closing). */
  dispose(): void {
    this.running?.abort();
    this.closing.abort();
  }

  private async finish(task: GuestTask, end: Pick<GuestTask, "message" | "fraction" | "error">): Promise<void> {
    Object.assign(task, end, { done: true, log: [...task.log, end.message].slice(-MAX_LOG) });
    this.running = undefined;
    this.found = undefined;
    await this.changed();
  }

  private async changed(): Promise<void> {
    this.options.onChange(await this.status());
  }

  /** The pulled guest first (a boot uses it first), then the builder's own check of its cache (unless it is empty). */
  private async look(arch: GuestArch): Promise<Found> {
    const blocker = guestBuildBlocker();
    const build = blocker ? { possible: false, reason: blocker } : { possible: true };
    try {
      if (await pulledGuest(this.cacheDir, arch)) return { state: "ready", origin: "pulled", build };
    } catch (error) {
      return { state: "missing", missing: A3sError.from(error).message, build };
    }
    if (blocker) return { state: "missing", missing: `no guest for ${arch} is here`, build };
    if (await nothingBuilt(this.cacheDir)) return { state: "missing", missing: `no guest for ${arch} is built here (nothing is in ${this.cacheDir} yet)`, build };
    try {
      const checked = await checkGuestArtifacts(this.cacheDir, arch, this.closing.signal);
      if ("artifacts" in checked) return { state: "ready", origin: "built", build };
      return { state: "missing", missing: `no guest for ${arch} is built here (${checked.missing})`, build };
    } catch (error) {
      const reason = A3sError.from(error).message;
      return { state: "missing", missing: `no guest for ${arch} is here`, build: { possible: false, reason } };
    }
  }
}

function archOrError(): GuestArch | A3sError {
  try {
    return hostGuestArch();
  } catch (error) {
    return new A3sError(ErrorCodes.VM_UNAVAILABLE, (error as Error).message);
  }
}
