/**
 * A box's audit log: JSON lines in a per-box folder on the host, never shared into a VM.
 * Appends are serialised in this process; the file is rotated by size (audit.jsonl,
 * audit.1.jsonl … audit.N.jsonl, oldest dropped), so a chatty box cannot fill the disk.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { AuditEntry } from "../../common/audit";
import { A3sError, ErrorCodes } from "../../common/errors";
import { envLogger, type Logger } from "../../common/node/logger";
import { isInside, realPathOf } from "../../common/node/confine-path";

export const AUDIT_FILE = "audit.jsonl";
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
const DEFAULT_KEEP = 4;
const BOX_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** `$A3S_BOX_AUDIT_DIR`, else `$XDG_STATE_HOME/a3s-box/audit`, else `~/.local/state/a3s-box/audit`. */
export function defaultAuditDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env["A3S_BOX_AUDIT_DIR"]) return env["A3S_BOX_AUDIT_DIR"];
  const xdg = env["XDG_STATE_HOME"];
  return join(xdg && xdg.startsWith("/") ? xdg : join(homedir(), ".local", "state"), "a3s-box", "audit");
}

/** The folder of one box's log; the id is checked so that it names a folder inside `dir`. */
export function boxAuditDir(dir: string, boxId: string): string {
  if (!BOX_ID.test(boxId)) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `"${boxId.slice(0, 80)}" is not a box id`);
  return join(dir, boxId);
}

/**
 * Refuses a log inside a folder a box can write (its workspace or state share): the box could
 * then forge or erase its own record.
 */
export function assertAuditOutOfReach(log: AuditLog, writable: readonly string[]): void {
  const folder = realPathOf(log.folder);
  for (const shared of writable) {
    if (isInside(realPathOf(shared), folder)) {
      throw new A3sError(
        ErrorCodes.INVALID_ARGUMENT,
        `the audit log ${log.folder} lies inside ${shared}, which the box can write; set A3S_BOX_AUDIT_DIR to a folder outside it`,
      );
    }
  }
}

/** The log's files, oldest first. */
export function logFiles(folder: string, keep = DEFAULT_KEEP): string[] {
  const rotated = Array.from({ length: keep }, (_, i) => join(folder, `audit.${keep - i}.jsonl`));
  return [...rotated, join(folder, AUDIT_FILE)];
}

export interface AuditLogOptions {
  maxBytes?: number;
  /** Rotated files kept besides the current one. */
  keep?: number;
  /** Told of every entry as it is appended (the service's metrics). */
  onEntry?: (entry: AuditEntry) => void;
  /** Where a failed write is reported (component `audit`); default: at the level A3S_LOG names. */
  log?: Logger;
}

export class AuditLog {
  readonly folder: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private size: number | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly onEntry: ((entry: AuditEntry) => void) | undefined;
  private readonly log: Logger;

  constructor(dir: string, readonly boxId: string, options: AuditLogOptions = {}) {
    this.folder = boxAuditDir(dir, boxId);
    this.onEntry = options.onEntry;
    this.log = options.log ?? envLogger("audit");
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.keep = options.keep ?? DEFAULT_KEEP;
  }

  get path(): string {
    return join(this.folder, AUDIT_FILE);
  }

  /** Appends one line; a failure is an `error` log line on the host, never told to the box. Resolves once written. */
  append(entry: AuditEntry): Promise<void> {
    this.onEntry?.(entry);
    const line = `${JSON.stringify(entry)}\n`;
    this.queue = this.queue.then(() => this.write(line)).catch((error: unknown) => {
      this.log.error("cannot write the audit log", { box: this.boxId, path: this.path, event: entry.event, error: (error as Error).message });
    });
    return this.queue;
  }

  /** Resolves once every line appended so far is written. */
  flush(): Promise<void> {
    return this.queue;
  }

  private async write(line: string): Promise<void> {
    const bytes = Buffer.byteLength(line);
    if (this.size === undefined) {
      await mkdir(this.folder, { recursive: true, mode: 0o700 });
      this.size = await stat(this.path).then((s) => s.size, () => 0);
    }
    if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
    const file = await open(this.path, "a", 0o600);
    try {
      await file.appendFile(line);
    } finally {
      await file.close();
    }
    this.size += bytes;
  }

  private async rotate(): Promise<void> {
    const files = logFiles(this.folder, this.keep);
    await rm(files[0]!, { force: true });
    for (let i = 1; i < files.length; i++) {
      await rename(files[i]!, files[i - 1]!).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    }
    this.size = 0;
  }
}

/** Parses the lines of a log; a line that is not a JSON object (a torn last write) is skipped. */
export function parseAuditLines(text: string): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === "object" && value !== null && !Array.isArray(value) && "event" in value) entries.push(value as AuditEntry);
    } catch {
      // A line cut short by a crash mid-write.
    }
  }
  return entries;
}

/** Every entry of a box's log, oldest first, rotated files included. */
export async function readAuditLog(dir: string, boxId: string, keep = DEFAULT_KEEP): Promise<AuditEntry[]> {
  const folder = boxAuditDir(dir, boxId);
  const texts = await Promise.all(logFiles(folder, keep).map((file) => readFile(file, "utf8").catch(() => "")));
  return texts.flatMap(parseAuditLines);
}

/** The boxes that have a log in `dir`. */
export async function auditedBoxes(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => BOX_ID.test(name)).sort();
}
