import { constants, type Stats } from "node:fs";
import { lstat, open, type FileHandle } from "node:fs/promises";
import type { Workspace } from "./workspace";

const CHUNK_BYTES = 64 * 1024;
// O_NONBLOCK: opening a FIFO with no writer must not wait (and hold a thread of Node's pool).
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

export interface ReadLimits {
  /** Bytes the file may have; a larger one is refused with `tooLarge`. */
  maxBytes: number;
  /** The error message for a file over the cap, given its size. */
  tooLarge: (size: number) => string;
  signal: AbortSignal;
}

/**
 * The bytes of a regular file of the workspace, read without following its last symlink and
 * without blocking: FIFOs, sockets and devices are refused by what the open descriptor is,
 * and so is a descriptor that ends up outside the workspace (a folder swapped for a symlink
 * while it was opened). `shownAs` names the file in errors.
 */
export async function readRegularFile(workspace: Workspace, path: string, shownAs: string, limits: ReadLimits): Promise<Buffer> {
  limits.signal.throwIfAborted();
  // Refused before opening too: opening a device can have effects of its own.
  refuseUnlessRegular(await lstat(path), shownAs);
  let handle: FileHandle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP") throw new Error(`${shownAs} became a symbolic link while it was opened; try again`);
    throw err;
  }
  try {
    await workspace.assertDescriptorInside(handle.fd, shownAs);
    const info = await handle.stat();
    refuseUnlessRegular(info, shownAs);
    if (info.size > limits.maxBytes) throw new Error(limits.tooLarge(info.size));
    return await readUpTo(handle, limits);
  } finally {
    await handle.close();
  }
}

/** What a path is when it is not a regular file ("a FIFO", "a socket", …); undefined for a regular file. */
export function describeNonRegular(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a FIFO";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  return "a symbolic link";
}

function refuseUnlessRegular(info: Stats, shownAs: string): void {
  const what = describeNonRegular(info);
  if (what === "a directory") throw new Error(`${shownAs} is a directory; use ls to list it`);
  if (what) throw new Error(`${shownAs} is ${what}, not a regular file; the file tools only open regular files`);
}

/** Reads in chunks so that cancel is honoured, and never past the cap even if the file grows. */
async function readUpTo(handle: FileHandle, limits: ReadLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    limits.signal.throwIfAborted();
    const buffer = Buffer.alloc(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > limits.maxBytes) throw new Error(limits.tooLarge(total));
    chunks.push(buffer.subarray(0, bytesRead));
  }
}

/** Whether the first 8 KiB hold a NUL byte: how the tools tell binary from text. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).includes(0);
}
