import { A3sError, ErrorCodes } from "../../../common/errors";
import type { SessionRecord } from "../../../common/session-store";

export type { SessionMessage, SessionRecord, ThinkingBlock } from "../../../common/session-store";

/** The system prompt a model sees: the session's, plus the summary of compacted turns. */
export function systemPromptOf(record: SessionRecord): string | undefined {
  const parts = [record.options.system, record.summary && `Summary of the earlier conversation:\n${record.summary}`];
  const text = parts.filter(Boolean).join("\n\n");
  return text || undefined;
}

/**
 * A stored record, checked for shape; undefined when it is not one. Records written before
 * the system prompt was called `system` get it renamed.
 */
export function sessionRecordFrom(value: unknown): SessionRecord | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Partial<SessionRecord>;
  const valid =
    typeof r.id === "string" &&
    typeof r.options === "object" && r.options !== null &&
    typeof r.createdAtMs === "number" &&
    typeof r.updatedAtMs === "number" &&
    Array.isArray(r.messages) &&
    typeof r.usedTokens === "number" &&
    typeof r.totalUsage === "object" && r.totalUsage !== null;
  if (!valid) return undefined;
  const { systemPrompt, ...options } = r.options as SessionRecord["options"] & { systemPrompt?: string };
  return { ...(r as SessionRecord), options: typeof systemPrompt === "string" && options.system === undefined ? { ...options, system: systemPrompt } : options };
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function isSessionId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Refuses ids that a store could not hold safely (a path, an empty string). */
export function checkSessionId(id: string): void {
  if (!isSessionId(id)) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid session id "${id}"`);
}

/** A stored record's text, parsed and checked; `where` names its place for the error. */
export function parseStoredRecord(text: string, id: string, where: string): SessionRecord {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (err) {
    throw new A3sError(ErrorCodes.INTERNAL, `${where} is not valid JSON: ${(err as Error).message}`);
  }
  const checked = sessionRecordFrom(record);
  if (!checked || checked.id !== id) throw new A3sError(ErrorCodes.INTERNAL, `${where} does not hold a session record`);
  return checked;
}
