import { lstat, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A newc cpio archive of `root` (what the kernel unpacks as initramfs), written here rather
 * than by a cpio program: the builder may pack for another architecture, whose busybox it
 * cannot run. Deterministic: sorted names, owner root, time 0.
 */
export async function packCpio(root: string, output: string): Promise<void> {
  const names = (await readdir(root, { recursive: true })).sort();
  const parts: Buffer[] = [];
  let ino = 1;
  for (const name of names) {
    const path = join(root, name);
    const info = await lstat(path);
    let data = Buffer.alloc(0);
    if (info.isSymbolicLink()) data = Buffer.from(await readlink(path));
    else if (info.isFile()) data = await readFile(path);
    else if (!info.isDirectory()) throw new Error(`cannot pack ${path} into the initramfs: only files, folders and symlinks`);
    parts.push(...entry(name, ino++, info.mode, info.isDirectory() ? 2 : 1, data));
  }
  parts.push(...entry("TRAILER!!!", 0, 0, 1, Buffer.alloc(0)));
  await writeFile(output, Buffer.concat(parts));
}

function entry(name: string, ino: number, mode: number, nlink: number, data: Buffer): Buffer[] {
  const nameBytes = Buffer.from(`${name}\0`);
  const fields = [ino, mode, 0, 0, nlink, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0];
  const header = Buffer.from(`070701${fields.map((f) => f.toString(16).padStart(8, "0")).join("")}`);
  return [header, nameBytes, pad(header.length + nameBytes.length), data, pad(data.length)];
}

function pad(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}
