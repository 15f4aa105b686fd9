/**
 * Follows a box's audit log as it grows (`a3s-box audit BOX --follow`): new complete lines
 * are passed on as entries; when the log is rotated (a new inode under the name), the rest of
 * the old file is read first. With `fromStart`, the entries already written come first, read by
 * the same loop, so no line written while following starts is lost or shown twice.
 */
import { watchFile, unwatchFile } from "node:fs";
import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import type { AuditEntry } from "../../common/audit";
import { AUDIT_FILE, boxAuditDir, logFiles, parseAuditLines } from "./audit-log";

const POLL_MS = 250;

async function readFrom(path: string, offset: number): Promise<{ text: string; end: number }> {
  const file = await open(path, "r").catch(() => undefined);
  if (!file) return { text: "", end: offset };
  try {
    const { size } = await file.stat();
    if (size <= offset) return { text: "", end: offset };
    const buffer = Buffer.alloc(size - offset);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    // Only whole lines: a line being written is read on the next change.
    const whole = text.slice(0, text.lastIndexOf("\n") + 1);
    return { text: whole, end: offset + Buffer.byteLength(whole) };
  } finally {
    await file.close();
  }
}

/** Calls `onEntry` for every line written from now on (from the first, with `fromStart`); returns a function that stops following. */
export async function followAuditLog(
  dir: string,
  boxId: string,
  onEntry: (entry: AuditEntry) => void,
  { fromStart = false }: { fromStart?: boolean } = {},
): Promise<() => void> {
  const folder = boxAuditDir(dir, boxId);
  const current = join(folder, AUDIT_FILE);
  const now = await stat(current).catch(() => undefined);
  let offset = fromStart ? 0 : (now?.size ?? 0);
  let inode = now?.ino;
  if (fromStart) {
    for (const file of logFiles(folder).slice(0, -1)) {
      for (const entry of parseAuditLines((await readFrom(file, 0)).text)) onEntry(entry);
    }
  }
  let reading = Promise.resolve();
  const poll = () => {
    reading = reading.then(async () => {
      const info = await stat(current).catch(() => undefined);
      // A new file under the name: the one followed was rotated to audit.1.jsonl.
      if (info && inode !== undefined && info.ino !== inode) {
        const rest = await readFrom(join(folder, "audit.1.jsonl"), offset);
        for (const entry of parseAuditLines(rest.text)) onEntry(entry);
        offset = 0;
      }
      inode = info?.ino;
      const next = await readFrom(current, offset);
      offset = next.end;
      for (const entry of parseAuditLines(next.text)) onEntry(entry);
    });
  };
  watchFile(current, { interval: POLL_MS, persistent: true }, poll);
  if (fromStart) poll();
  return () => unwatchFile(current, poll);
}
