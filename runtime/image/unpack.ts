import { lchownSync, lstatSync, lutimesSync, mkdirSync, readdirSync, rmSync, symlinkSync, chmodSync, createReadStream, type Stats } from "node:fs";
import { join, posix } from "node:path";
import { pipeline } from "node:stream/promises";
import { UnpackSync, type ReadEntry } from "tar";
import { decompressor, detectCompression, readHead } from "./decompress";
import { imageError } from "./errors";

export interface UnpackOptions {
  /** Entries skipped because they were unsafe or unsupported, with the reason. */
  onWarning?: (message: string) => void;
  /** Decompressed bytes the layer may have; past them unpacking stops with `error()`. */
  limit?: { bytes: number; error: () => Error };
}

const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";
const isRoot = process.getuid?.() === 0;
// Permissions and the sticky bit; setuid (0o4000) and setgid (0o2000) are dropped.
const KEPT_MODE_BITS = 0o1777;

/**
 * Applies one layer (a tar, gzip or zstd compressed) onto `root`, as an OCI layer:
 * whiteouts delete what lower layers put there, opaque markers empty a folder, modes,
 * owners (as root) and times are kept; setuid and setgid bits are not (the host's copy must
 * not hold set-id programs). Returns the layer's decompressed size.
 *
 * Nothing is ever written outside `root`: absolute entry paths are taken relative to it,
 * `..` entries are refused, no entry is written through a symlink, hard links may only
 * name files inside, and symlink targets are rewritten relative and clamped to `root`,
 * which is also what the guest kernel makes of them. node-tar enforces most of this; the
 * checks here do not rely on it. Entries are processed strictly in order (a synchronous
 * unpacker fed from an async stream), so a whiteout sees exactly what came before it.
 */
export async function unpackLayer(blobPath: string, root: string, options: UnpackOptions = {}): Promise<number> {
  const warn = options.onWarning ?? (() => undefined);
  mkdirSync(root, { recursive: true });
  const layerPaths = new Set<string>();
  const modes = new Map<string, { mode: number; dir: boolean }>();
  let failure: Error | undefined;

  const remember = (rel: string) => {
    for (let p = rel; p && p !== "."; p = posix.dirname(p)) layerPaths.add(p);
  };

  const filter = (rawPath: string, entry: ReadEntry | Stats): boolean => {
    const e = entry as ReadEntry;
    const rel = relativeEntryPath(rawPath);
    if (rel === undefined) {
      warn(`skipped "${rawPath}": the path leaves the root filesystem`);
      return false;
    }
    if (rel === "") return false;
    if (!parentsAreRealDirs(root, rel)) {
      warn(`skipped "${rawPath}": a folder on its path is a symlink or not a folder`);
      return false;
    }
    const name = posix.basename(rel);
    const dir = posix.dirname(rel);
    if (name === OPAQUE) {
      emptyFolder(root, dir === "." ? "" : dir, layerPaths);
      return false;
    }
    if (name.startsWith(WHITEOUT)) {
      const hiddenName = name.slice(WHITEOUT.length);
      if (hiddenName === "" || hiddenName === "." || hiddenName === "..") {
        warn(`skipped whiteout "${rawPath}": it names no file`);
        return false;
      }
      const hidden = dir === "." ? hiddenName : `${dir}/${hiddenName}`;
      if (!layerPaths.has(hidden)) rmSync(join(root, hidden), { recursive: true, force: true });
      return false;
    }
    if (e.type === "SymbolicLink") {
      placeSymlink(root, rel, e, warn);
      remember(rel);
      return false;
    }
    if (e.type === "Link") {
      const target = relativeEntryPath(e.linkpath ?? "");
      if (!target || !parentsAreRealDirs(root, target) || isSymlink(join(root, target))) {
        warn(`skipped hard link "${rawPath}" → "${e.linkpath}": the target is not a file inside the root filesystem`);
        return false;
      }
      e.linkpath = target;
    }
    e.path = rel;
    if (e.type !== "Directory" && lstatSync(join(root, rel), { throwIfNoEntry: false })?.isDirectory()) {
      rmSync(join(root, rel), { recursive: true, force: true });
    }
    if (typeof e.mode === "number" && (e.type === "File" || e.type === "OldFile" || e.type === "ContiguousFile" || e.type === "Directory")) {
      modes.set(rel, { mode: e.mode & KEPT_MODE_BITS, dir: e.type === "Directory" });
    }
    remember(rel);
    return true;
  };

  const unpack = new UnpackSync({
    cwd: root,
    filter,
    strict: false,
    chmod: true,
    processUmask: 0,
    onwarn: (code, message) => {
      if (code !== "TAR_ENTRY_INFO") warn(`${code}: ${String(message)}`);
    },
  });
  unpack.on("error", (error: Error) => (failure ??= error));

  const compression = detectCompression(await readHead(blobPath));
  let unpacked = 0;
  let overLimit: Error | undefined;
  try {
    await pipeline(createReadStream(blobPath, { highWaterMark: 1 << 20 }), decompressor(compression), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        unpacked += chunk.length;
        if (options.limit && unpacked > options.limit.bytes) throw (overLimit = options.limit.error());
        unpack.write(chunk);
        if (failure) throw failure;
      }
      unpack.end();
    });
  } catch (error) {
    if (overLimit) throw overLimit;
    const cause = failure ?? error;
    throw imageError(`cannot unpack layer ${blobPath}: ${(cause as Error).message}`, cause);
  }
  if (failure) throw imageError(`cannot unpack layer ${blobPath}: ${failure.message}`, failure);
  restoreModes(root, modes);
  return unpacked;
}

/** The entry's path relative to the root (`""` for the root itself), or undefined if it climbs out. */
export function relativeEntryPath(raw: string): string | undefined {
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return undefined;
  return parts.join("/");
}

function isSymlink(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}

/** True when every existing folder above `rel` is a real folder, not a symlink or a file. */
function parentsAreRealDirs(root: string, rel: string): boolean {
  const parts = rel.split("/").slice(0, -1);
  let path = root;
  for (const part of parts) {
    path = join(path, part);
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st) return true;
    if (!st.isDirectory()) return false;
  }
  return true;
}

function mkdirParents(root: string, rel: string): void {
  let path = root;
  for (const part of rel.split("/").slice(0, -1)) {
    path = join(path, part);
    if (!lstatSync(path, { throwIfNoEntry: false })) mkdirSync(path, { mode: 0o755 });
  }
}

/** An opaque folder hides everything lower layers put in it; this layer's own entries stay. */
function emptyFolder(root: string, rel: string, layerPaths: Set<string>): void {
  const dir = join(root, rel);
  if (!lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
  for (const name of readdirSync(dir)) {
    const child = rel ? `${rel}/${name}` : name;
    if (!layerPaths.has(child)) rmSync(join(root, child), { recursive: true, force: true });
  }
}

/** Creates the symlink itself: its target is made relative and clamped inside the root. */
function placeSymlink(root: string, rel: string, entry: ReadEntry, warn: (m: string) => void): void {
  const linkpath = entry.linkpath ?? "";
  if (!linkpath) {
    warn(`skipped symlink "${rel}": it has no target`);
    return;
  }
  const linkDir = posix.dirname(`/${rel}`);
  const target = posix.resolve(linkDir, linkpath);
  const relative = posix.relative(linkDir, target) || ".";
  const full = join(root, rel);
  mkdirParents(root, rel);
  rmSync(full, { recursive: true, force: true });
  symlinkSync(relative, full);
  if (isRoot && typeof entry.uid === "number" && typeof entry.gid === "number") lchownSync(full, entry.uid, entry.gid);
  if (entry.mtime) lutimesSync(full, entry.mtime, entry.mtime);
}

/**
 * Sets the exact modes of the layer's files and folders once it is written: creation masks
 * them with the umask, chown clears set-id bits, and node-tar keeps folders writable while
 * it fills them.
 */
function restoreModes(root: string, modes: Map<string, { mode: number; dir: boolean }>): void {
  for (const [rel, { mode, dir }] of modes) {
    const path = join(root, rel);
    if (!parentsAreRealDirs(root, rel)) continue;
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink() || st.isDirectory() !== dir) continue;
    if ((st.mode & 0o7777) !== mode) chmodSync(path, mode);
  }
}
