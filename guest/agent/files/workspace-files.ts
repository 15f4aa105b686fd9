/**
 * The workspace as the UI sees it, through the agent's file RPCs: every path is opened
 * below the workspace without following symlinks (see beneath.ts), only regular files are
 * read or written, both capped at MAX_FILE_BYTES, and a write replaces the file atomically.
 */
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { lstat, open, readdir, rename, unlink, type FileHandle } from "node:fs/promises";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { MAX_FILE_BYTES, type FileChange, type FileContent, type FileStat, type FileType } from "../../../common/files";
import { at, Beneath, pathParts } from "./beneath";
import { TreeWatcher } from "./tree-watcher";
import { describeNonRegular, looksBinary } from "../tools/read-file";

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;
/** A listing stops here: a box can make folders the UI could not show anyway. */
const MAX_ENTRIES = 10_000;

function typeOf(info: Stats): FileType {
  return info.isSymbolicLink() ? "symlink" : info.isDirectory() ? "dir" : info.isFile() ? "file" : "other";
}

function statOf(parts: string[], info: Stats): FileStat {
  return { path: parts.join("/"), name: parts.at(-1) ?? "", type: typeOf(info), size: info.size, mtimeMs: info.mtimeMs };
}

function notRegular(path: string, info: Stats): A3sError {
  return new A3sError(ErrorCodes.INVALID_ARGUMENT, `${path} is ${describeNonRegular(info) ?? "not a regular file"}; only regular files can be opened`);
}

function tooLarge(path: string, size: number): A3sError {
  return new A3sError(ErrorCodes.INVALID_ARGUMENT, `${path} is too large (${size} bytes; the limit is ${MAX_FILE_BYTES})`);
}

export class WorkspaceFiles {
  private readonly beneath: Beneath;

  constructor(readonly root: string) {
    this.beneath = new Beneath(root);
  }

  async stat(path: string): Promise<FileStat> {
    const parts = pathParts(path);
    if (parts.length === 0) {
      const root = await this.beneath.openDir([]);
      try {
        return statOf(parts, await root.stat());
      } finally {
        await root.close();
      }
    }
    return this.inParent(parts, async (dir, name) => statOf(parts, await lstatIn(dir, name, path)));
  }

  async listDir(path: string): Promise<FileStat[]> {
    const parts = pathParts(path);
    const dir = await this.beneath.openDir(parts);
    try {
      const names = (await readdir(at(dir))).sort().slice(0, MAX_ENTRIES);
      const entries = await Promise.all(names.map((name) => lstat(at(dir, name)).then((info) => statOf([...parts, name], info), () => undefined)));
      return entries.filter((entry) => entry !== undefined);
    } finally {
      await dir.close();
    }
  }

  async readFile(path: string): Promise<FileContent> {
    const parts = pathParts(path);
    return this.inParent(parts, async (dir, name) => {
      // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
      const file = await open(at(dir, name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code === "ELOOP") throw notRegular(path, await lstatIn(dir, name, path));
        throw fsError(path, error);
      });
      try {
        const info = await file.stat();
        if (!info.isFile()) throw notRegular(path, info);
        if (info.size > MAX_FILE_BYTES) throw tooLarge(path, info.size);
        const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
        let length = 0;
        for (let read = -1; read !== 0 && length < buffer.length; length += read) {
          ({ bytesRead: read } = await file.read(buffer, length, buffer.length - length, length));
        }
        if (length > MAX_FILE_BYTES) throw tooLarge(path, length);
        const bytes = buffer.subarray(0, length);
        if (looksBinary(bytes)) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${path} is a binary file; only text files can be opened`);
        return { path: parts.join("/"), content: bytes.toString("utf8"), size: length, mtimeMs: info.mtimeMs };
      } finally {
        await file.close();
      }
    });
  }

  /** Replaces (or creates) a regular file atomically; missing folders are made. */
  async writeFile(path: string, content: string): Promise<FileStat> {
    const parts = pathParts(path);
    if (parts.length === 0) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "cannot write the workspace folder itself");
    const bytes = Buffer.from(content, "utf8");
    if (bytes.length > MAX_FILE_BYTES) throw tooLarge(path, bytes.length);
    const name = parts.at(-1)!;
    const dir = await this.beneath.openDir(parts.slice(0, -1), { create: true });
    try {
      const existing = await lstat(at(dir, name)).catch(() => undefined);
      if (existing && !existing.isFile()) throw notRegular(path, existing);
      const temp = `.${name}.${randomBytes(6).toString("hex")}.tmp`;
      const file = await open(at(dir, temp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, existing ? existing.mode & 0o777 : 0o644);
      try {
        await file.writeFile(bytes);
        await file.sync();
        await file.close();
        await rename(at(dir, temp), at(dir, name));
      } catch (error) {
        await file.close().catch(() => undefined);
        await unlink(at(dir, temp)).catch(() => undefined);
        throw error;
      }
      return statOf(parts, await lstatIn(dir, name, path));
    } finally {
      await dir.close();
    }
  }

  /** Calls `onChange` for every change below the folder `path` until the returned function is called. */
  async watch(path: string, onChange: (change: FileChange) => void): Promise<() => void> {
    const parts = pathParts(path);
    await (await this.beneath.openDir(parts)).close();
    const watcher = new TreeWatcher(this.beneath, onChange);
    await watcher.start(parts);
    return () => watcher.close();
  }

  /** Runs `body` with the parent folder of `parts` open (not for the workspace itself). */
  private async inParent<T>(parts: string[], body: (dir: FileHandle, name: string) => Promise<T>): Promise<T> {
    if (parts.length === 0) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "the workspace itself is a folder; only regular files can be opened");
    const dir = await this.beneath.openDir(parts.slice(0, -1));
    try {
      return await body(dir, parts.at(-1)!);
    } finally {
      await dir.close();
    }
  }
}

async function lstatIn(dir: FileHandle, name: string, shown: string): Promise<Stats> {
  return lstat(at(dir, name)).catch((error: NodeJS.ErrnoException) => {
    throw fsError(shown, error);
  });
}

function fsError(path: string, error: NodeJS.ErrnoException): A3sError {
  if (error.code === "ENOENT") return new A3sError(ErrorCodes.NOT_FOUND, `${path} does not exist in the workspace`);
  return new A3sError(ErrorCodes.INVALID_ARGUMENT, `cannot open ${path}: ${error.code ?? error.message}`);
}
