/**
 * For write and edit, the file as it is now and as the call would leave it, so a UI can
 * show a diff before anything changes. Returns undefined when no diff can be shown (the
 * path is refused, the file is unreadable, or the edit would fail anyway: the tool itself
 * then reports why).
 */
import { readFile } from "node:fs/promises";
import type { FileDiff, JsonObject } from "../../../common/chunks";

export interface DiffContext {
  /** Resolves a tool's path argument to an absolute path inside the workspace, or throws. */
  resolve: (path: string) => string;
  /** The workspace-relative form shown to the user. */
  relative: (absolute: string) => string;
  /** The edit tool's own replacement, so the preview is exactly what the tool will write. */
  applyEdit: (before: string, args: JsonObject) => string;
}

export async function proposedFileDiff(tool: string, args: JsonObject, context: DiffContext): Promise<FileDiff | undefined> {
  if ((tool !== "write" && tool !== "edit") || typeof args["file_path"] !== "string") return undefined;
  let absolute: string;
  try {
    absolute = context.resolve(args["file_path"]);
  } catch {
    return undefined;
  }
  // null: a new file; undefined: unreadable, so no preview (the tool itself reports why).
  const current = await readFile(absolute, "utf8").catch((err: NodeJS.ErrnoException) => (err.code === "ENOENT" ? null : undefined));
  if (current === undefined) return undefined;
  const path = context.relative(absolute);
  if (tool === "write") {
    const after = typeof args["content"] === "string" ? args["content"] : "";
    return { path, before: current ?? "", after, isNewFile: current === null };
  }
  if (current === null) return undefined;
  try {
    return { path, before: current, after: context.applyEdit(current, args), isNewFile: false };
  } catch {
    return undefined;
  }
}
