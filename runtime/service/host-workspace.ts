/**
 * A box's workspace folder read and written from the host, for the UI's file tree and
 * editor: a VM box's workspace is a host folder shared into the VM, and an attached local
 * agent works in a folder on this host too. Every path is confined to the folder: `..`,
 * absolute paths and symlinks that lead out are refused.
 */
import { watch, type FSWatcher } from "node:fs";
import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";
import type { FileEntry, FileText } from "../../common/box-api";
import type { AgentWorkspace, FileChangeEvent } from "./agent-link";
import { writeFileAtomic } from "../../common/node/atomic-file";
import { isInside, realPathOf } from "../../common/node/confine-path";

const MAX_TEXT_BYTES = 5 * 1024 * 1024;
const IGNORED_FOR_EVENTS = /(^|\/)(\.git|node_modules)(\/|$)|\.tmp$/;

function outside(path: string): A3sError {
  return new A3sError(ErrorCodes.PATH_OUTSIDE_WORKSPACE, `${path} is outside the workspace`);
}

export class HostWorkspace implements AgentWorkspace {
  private rootReal?: Promise<string>;

  constructor(readonly root: string) {}

  private realRoot(): Promise<string> {
    this.rootReal ??= realpath(this.root).catch((error: unknown) => {
      this.rootReal = undefined;
      throw new A3sError(ErrorCodes.NOT_FOUND, `the workspace ${this.root} does not exist`, { cause: error });
    });
    return this.rootReal;
  }

  /** The real absolute path for a workspace-relative one, after following every symlink that exists. */
  private async confine(path: string): Promise<{ root: string; absolute: string }> {
    const root = await this.realRoot();
    if (isAbsolute(path) || path.includes("\0")) throw outside(path);
    const lexical = resolve(root, path);
    if (!isInside(root, lexical)) throw outside(path);
    const absolute = realPathOf(lexical);
    if (!isInside(root, absolute)) throw outside(path);
    return { root, absolute };
  }

  private entry(root: string, absolute: string, info: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; size: number }): FileEntry {
    const type = info.isSymbolicLink() ? "symlink" : info.isDirectory() ? "dir" : info.isFile() ? "file" : "other";
    return { path: relative(root, absolute).split(sep).join("/"), name: basename(absolute), type, size: info.size };
  }

  async listDir(path: string): Promise<FileEntry[]> {
    const { root, absolute } = await this.confine(path);
    const names = await readdir(absolute).catch((error: NodeJS.ErrnoException) => {
      throw new A3sError(error.code === "ENOENT" ? ErrorCodes.NOT_FOUND : ErrorCodes.INVALID_ARGUMENT, `cannot list ${path || "the workspace"}: ${error.code}`);
    });
    const entries = await Promise.all(names.map(async (name) => {
      const info = await lstat(join(absolute, name)).catch(() => undefined);
      return info && this.entry(root, join(absolute, name), info);
    }));
    return entries.filter((e): e is FileEntry => e !== undefined);
  }

  async readFile(path: string): Promise<FileText> {
    const { root, absolute } = await this.confine(path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info?.isFile()) throw new A3sError(ErrorCodes.NOT_FOUND, `${path} is not a file in the workspace`);
    if (info.size > MAX_TEXT_BYTES) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${path} is too large to open (${info.size} bytes)`);
    const bytes = await readFile(absolute);
    if (bytes.includes(0)) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${path} is a binary file`);
    return { path: relative(root, absolute).split(sep).join("/"), content: bytes.toString("utf8"), mtimeMs: info.mtimeMs };
  }

  async writeFile(path: string, content: string): Promise<FileEntry> {
    const { root, absolute } = await this.confine(path);
    if (absolute === root) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "cannot write the workspace folder itself");
    await writeFileAtomic(absolute, content);
    return this.entry(root, absolute, await lstat(absolute));
  }

  watchFiles(onChange: (change: FileChangeEvent) => void, onError: (error: Error) => void): () => void {
    let watcher: FSWatcher | undefined;
    let stopped = false;
    void this.realRoot().then((root) => {
      if (stopped) return;
      watcher = watch(root, { recursive: true }, (event, name) => {
        if (!name) return;
        const path = name.split(sep).join("/");
        if (IGNORED_FOR_EVENTS.test(path)) return;
        if (event === "change") return onChange({ kind: "modified", path });
        void lstat(join(root, name)).then(
          () => onChange({ kind: "created", path }),
          () => onChange({ kind: "deleted", path }),
        );
      });
      watcher.on("error", onError);
    }, onError);
    return () => {
      stopped = true;
      watcher?.close();
    };
  }
}
