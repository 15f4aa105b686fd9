/**
 * What a rule's pattern is matched against, per tool: for bash the parsed command line, for
 * file tools the path as the tool will use it (resolved against the session's cwd, and with
 * symbolic links inside the workspace followed), for other tools (skills) each top-level
 * string argument.
 */
import { realpathSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { isInside, realPathOf } from "../../../common/node/confine-path";
import type { ToolCallSubject } from "./rule";
import { parseCommandLine, type CommandLine } from "./shell-commands";

export type ToolSubject =
  | { kind: "command"; line: CommandLine }
  /** `values`: the workspace-relative path as written and as it resolves; `inside`: both stay in the workspace. */
  | { kind: "path"; values: string[]; inside: boolean }
  | { kind: "text"; values: string[] };

const PATH_ARG: Record<string, { key: string; fallback?: string }> = {
  read: { key: "file_path" },
  write: { key: "file_path" },
  edit: { key: "file_path" },
  generate_image: { key: "file_path" },
  ls: { key: "path", fallback: "." },
  grep: { key: "path", fallback: "." },
  glob: { key: "path", fallback: "." },
};

export async function toolSubject(call: ToolCallSubject): Promise<ToolSubject> {
  if (call.tool === "bash") {
    const command = call.args["command"];
    return { kind: "command", line: await parseCommandLine(typeof command === "string" ? command : "") };
  }
  const known = PATH_ARG[call.tool];
  if (!known) return { kind: "text", values: Object.values(call.args).filter((v): v is string => typeof v === "string") };
  const raw = call.args[known.key];
  const path = typeof raw === "string" && raw !== "" ? raw : known.fallback;
  if (path === undefined) return { kind: "path", values: [], inside: false };
  return pathSubject(path, call.workspace, call.cwd ?? "");
}

function pathSubject(path: string, workspace: string, cwd: string): ToolSubject {
  const absolute = resolve(workspace, cwd, path);
  let real = absolute;
  let realRoot = workspace;
  try {
    real = realPathOf(absolute);
    realRoot = realpathSync(workspace);
  } catch {
    // unreadable: match the path as written
  }
  const values = [...new Set([relative(workspace, absolute), relative(realRoot, real)].map(slashed))];
  return { kind: "path", values, inside: isInside(workspace, absolute) && isInside(realRoot, real) };
}

/** "/"-separated, "." for the workspace itself. */
function slashed(rel: string): string {
  return rel.split(sep).join("/") || ".";
}
