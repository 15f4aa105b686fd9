/**
 * Watches a folder and the folders below it for the UI, built to survive a hostile tree:
 * one non-recursive watch per folder, each on a descriptor opened without following links
 * (Node's recursive watch froze the whole process when code swapped a folder and a symlink
 * in a loop, and chokidar reported the names of files outside through the symlink); events
 * are coalesced per path and flushed a bounded number at a time.
 */
import { watch, type FSWatcher } from "node:fs";
import { lstat, readdir, type FileHandle } from "node:fs/promises";
import type { FileChange } from "../../../common/files";
import { at, type Beneath } from "./beneath";

const FLUSH_MS = 100;
/** Changed paths kept per flush; a box changing more at once loses the rest, the UI only refreshes. */
const MAX_PENDING = 500;
const MAX_WATCHED_FOLDERS = 4096;
const IGNORED = /(^|\/)(\.git|node_modules)(\/|$)|\.tmp$/;

interface Watched {
  watcher: FSWatcher;
  dir: FileHandle;
  ino: number;
}

export class TreeWatcher {
  private readonly watched = new Map<string, Watched>();
  /** Changed path → whether a name appeared or went ("rename") or only the content changed. */
  private readonly pending = new Map<string, "rename" | "change">();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly beneath: Beneath,
    private readonly onChange: (change: FileChange) => void,
  ) {}

  /** Starts watching the folder `parts` (already checked) and every folder below it. */
  async start(parts: string[]): Promise<void> {
    await this.add(parts.join("/"));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const key of [...this.watched.keys()]) this.drop(key);
  }

  /** Watches the folder `key` and those below it; `report`: its entries are new (made before the watch began). */
  private async add(key: string, report = false): Promise<void> {
    if (this.closed || this.watched.has(key) || this.watched.size >= MAX_WATCHED_FOLDERS) return;
    const dir = await this.beneath.openDir(key ? key.split("/") : []).catch(() => undefined);
    if (!dir) return;
    if (this.closed || this.watched.has(key)) return void (await dir.close());
    const watcher = watch(at(dir), (event, name) => {
      if (name) this.note(key ? `${key}/${name}` : name, event);
    });
    watcher.on("error", () => this.drop(key));
    this.watched.set(key, { watcher, dir, ino: (await dir.stat()).ino });
    const entries = await readdir(at(dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = key ? `${key}/${entry.name}` : entry.name;
      if (IGNORED.test(child)) continue;
      if (report) this.onChange({ kind: "created", path: child });
      if (entry.isDirectory()) await this.add(child, report);
    }
  }

  private drop(key: string): void {
    for (const [watchedKey, { watcher, dir }] of this.watched) {
      if (watchedKey !== key && !watchedKey.startsWith(`${key}/`)) continue;
      watcher.close();
      void dir.close();
      this.watched.delete(watchedKey);
    }
  }

  private note(path: string, event: "rename" | "change"): void {
    if (IGNORED.test(path)) return;
    if (this.pending.has(path)) {
      if (event === "rename") this.pending.set(path, event);
    } else if (this.pending.size < MAX_PENDING) {
      this.pending.set(path, event);
    }
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private async flush(): Promise<void> {
    const changes = [...this.pending];
    this.pending.clear();
    for (const [path, event] of changes) {
      if (this.closed) return;
      if (event === "change") {
        this.onChange({ kind: "modified", path });
        continue;
      }
      const info = await this.lstat(path);
      const known = this.watched.get(path);
      if (known && info?.ino !== known.ino) this.drop(path);
      this.onChange({ kind: info ? "created" : "deleted", path });
      if (info?.isDirectory()) await this.add(path, true);
    }
    this.timer = undefined;
    if (this.pending.size > 0) this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private async lstat(path: string) {
    const parts = path.split("/");
    const dir = await this.beneath.openDir(parts.slice(0, -1)).catch(() => undefined);
    if (!dir) return undefined;
    try {
      return await lstat(at(dir, parts.at(-1))).catch(() => undefined);
    } finally {
      await dir.close();
    }
  }
}
