/**
 * The argument a rule's pattern is matched against, per tool: `bash(npm test*)` looks at
 * the command, `write(src/**)` at the file path. Tools without a known subject (skill
 * tools) match a pattern against each of their top-level string arguments.
 */
import { isAbsolute, posix, relative, sep } from "node:path";
import type { JsonObject } from "../../../common/chunks";

export type SubjectKind = "command" | "path" | "text";

export interface ToolSubject {
  kind: SubjectKind;
  values: string[];
}

const KNOWN: Record<string, { key: string; kind: SubjectKind; fallback?: string }> = {
  bash: { key: "command", kind: "command" },
  read: { key: "file_path", kind: "path" },
  write: { key: "file_path", kind: "path" },
  edit: { key: "file_path", kind: "path" },
  ls: { key: "path", kind: "path", fallback: "." },
  grep: { key: "path", kind: "path", fallback: "." },
  glob: { key: "path", kind: "path", fallback: "." },
};

export function toolSubject(tool: string, args: JsonObject, workspace: string): ToolSubject {
  const known = KNOWN[tool];
  if (!known) {
    const values = Object.values(args).filter((v): v is string => typeof v === "string");
    return { kind: "text", values };
  }
  const raw = args[known.key];
  const value = typeof raw === "string" && raw !== "" ? raw : known.fallback;
  if (value === undefined) return { kind: known.kind, values: [] };
  return { kind: known.kind, values: [known.kind === "path" ? workspacePath(value, workspace) : value] };
}

/** A path as a workspace-relative, `/`-separated string ("." for the workspace itself). */
export function workspacePath(path: string, workspace: string): string {
  const rel = isAbsolute(path) ? relative(workspace, path).split(sep).join("/") : path.split(sep).join("/");
  const normal = posix.normalize(rel === "" ? "." : rel);
  return normal.startsWith("./") ? normal.slice(2) : normal.replace(/\/$/, "") || ".";
}
