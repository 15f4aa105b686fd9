/** Workspace files as the agent's file RPCs describe them (proto/agent.proto, "Workspace files"). */

export type FileType = "file" | "dir" | "symlink" | "other";

export interface FileStat {
  /** Relative to the workspace, "/" separated; "" is the workspace itself. */
  path: string;
  name: string;
  type: FileType;
  size: number;
  mtimeMs: number;
}

export interface FileContent {
  path: string;
  /** UTF-8 text: binary files are refused. */
  content: string;
  size: number;
  mtimeMs: number;
}

export interface FileChange {
  kind: "created" | "modified" | "deleted";
  path: string;
}

/** The largest file the file RPCs read or write, in bytes. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
