import { randomBytes } from "node:crypto";
import { readdir, rm, rmdir } from "node:fs/promises";
import { join } from "node:path";
import { isProcessAlive } from "../../common/node/process-alive";
import { guestCacheDir } from "./guest-artifacts";
import type { UnassignedVm } from "./qemu/qemu-backend";

export interface VmPoolOptions {
  /** How many unassigned VMs to keep ready per kind of box (default 1; 0 keeps none). */
  size?: number;
  /** Where the pool's VMs keep their files, each in its own folder (default: a folder of this pool in the guest cache). */
  dir?: string;
  /** Told when a VM cannot be made for the pool (the pool stops filling that kind until the next take). */
  onWarning?: (message: string) => void;
  /** Told each time a VM is ready in the pool, waiting for a box (its QEMU's pid). */
  onReady?: (vm: { key: string; pid: number }) => void;
}

/** Makes one unassigned VM of a kind, with its files under `dir`; when `signal` aborts, kills what it started and rejects. */
export type MakeUnassignedVm = (dir: string, signal: AbortSignal) => Promise<UnassignedVm>;

/**
 * The warm pool: per kind of box (QemuBackend.poolKey), up to `size` VMs restored from their
 * template and waiting for a box (see share-namespace.ts), refilled in the background once
 * the box a take went to is ready. A VM is handed out once; one that dies while waiting leaves the pool. `dispose()`
 * kills every waiting VM and every one still being made, without waiting for a template being
 * made (that goes on for whoever else waits for it: an app quits at once).
 */
export class VmPool implements AsyncDisposable {
  readonly size: number;
  private readonly dir: string;
  private readonly ready = new Map<string, UnassignedVm[]>();
  private readonly filling = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private disposed = false;

  constructor(private readonly options: VmPoolOptions = {}) {
    this.size = options.size ?? 1;
    if (options.dir) {
      this.dir = options.dir;
    } else {
      const root = join(guestCacheDir(), "pool");
      this.dir = join(root, `${process.pid}-${randomBytes(4).toString("hex")}`);
      void removeDeadPoolDirs(root).catch(() => {});
    }
  }

  /**
   * A ready VM of `key`, never handed out before (undefined when none is ready). The pool is
   * not refilled here: the taker calls `fill` once its box is ready (or has failed), since a
   * VM restored meanwhile would take the CPUs the box needs to attach (pooled-backend.ts).
   */
  take(key: string): UnassignedVm | undefined {
    return this.ready.get(key)?.shift();
  }

  /** How many VMs of `key` are ready now. */
  readyCount(key: string): number {
    return this.ready.get(key)?.length ?? 0;
  }

  /** Starts making VMs of `key` until `size` are ready; resolves when that filling ends (filled, failed or disposed). */
  fill(key: string, make: MakeUnassignedVm): Promise<void> {
    if (this.disposed || this.size <= 0) return Promise.resolve();
    let filling = this.filling.get(key);
    if (!filling) {
      filling = this.fillNow(key, make).finally(() => this.filling.delete(key));
      this.filling.set(key, filling);
    }
    return filling;
  }

  /** Resolves when no kind is being filled (each filled, failed or disposed). */
  async settled(): Promise<void> {
    while (this.filling.size > 0) await Promise.all(this.filling.values());
  }

  /** Kills every waiting VM and every one being made; later takes find none. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopping.abort(new Error("the warm pool was disposed"));
    const waiting = [...this.ready.values()].flat();
    this.ready.clear();
    await Promise.all([...waiting.map((vm) => vm.process.kill()), ...this.filling.values()]);
    // Only when empty: the folders of VMs given to boxes hold their export roots until they stop.
    await rmdir(this.dir).catch(() => {});
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private async fillNow(key: string, make: MakeUnassignedVm): Promise<void> {
    // One at a time: VMs being restored compete for the same CPUs as the boxes in use.
    while (!this.disposed && this.readyCount(key) < this.size) {
      let vm: UnassignedVm;
      try {
        vm = await make(join(this.dir, randomBytes(6).toString("hex")), this.stopping.signal);
      } catch (error) {
        if (!this.disposed) this.options.onWarning?.(`the warm pool could not make a box: ${(error as Error).message}`);
        return;
      }
      if (this.disposed) {
        await vm.process.kill();
        return;
      }
      const list = this.ready.get(key) ?? [];
      this.ready.set(key, list);
      list.push(vm);
      this.options.onReady?.({ key, pid: vm.process.pid });
      void vm.process.exited.then(() => {
        const at = list.indexOf(vm);
        if (at < 0) return;
        list.splice(at, 1);
        void vm.process.kill();
      });
    }
  }
}

/**
 * Removes the folders that pools of processes gone since left in `root` (`PID-HEX`: a process
 * killed before its dispose(), its VMs killed with it): the VMs' pid files, sockets and logs.
 */
export async function removeDeadPoolDirs(root: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = /^(\d+)-[0-9a-f]+$/.exec(name)?.[1];
    if (pid && !isProcessAlive(Number(pid))) await rm(join(root, name), { recursive: true, force: true });
  }
}
