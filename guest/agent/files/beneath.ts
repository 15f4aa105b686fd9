/**
 * Opens paths below a folder one component at a time without following any symlink: each
 * step opens the next name relative to the descriptor of the folder before it (through
 * /proc/self/fd, Node having no openat), so code that renames or swaps folders meanwhile
 * can redirect nothing outside the folder. The UI's file RPCs go through here; the tools
 * resolve paths with Workspace, which follows links that stay inside.
 */
import { constants, existsSync } from "node:fs";
import { lstat, mkdir, open, type FileHandle } from "node:fs/promises";
import { A3sError, ErrorCodes } from "../../../common/errors";

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = constants;
const MAX_PATH_CHARS = 4096;

/** The workspace-relative path as its components; "" and "." are the root. */
export function pathParts(path: string): string[] {
  if (path.length > MAX_PATH_CHARS) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `the path is longer than ${MAX_PATH_CHARS} characters`);
  if (path.includes("\0")) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "the path contains a NUL character");
  if (path.startsWith("/")) throw new A3sError(ErrorCodes.PATH_OUTSIDE_WORKSPACE, `${path} is outside the workspace: give a path relative to it`);
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) throw new A3sError(ErrorCodes.PATH_OUTSIDE_WORKSPACE, `${path} is outside the workspace: ".." is not allowed`);
  return parts;
}

/** The path of `name` inside the folder open as `dir`. */
export function at(dir: FileHandle, name = ""): string {
  return name ? `/proc/self/fd/${dir.fd}/${name}` : `/proc/self/fd/${dir.fd}`;
}

export class Beneath {
  constructor(readonly root: string) {}

  /** The folder `parts` below the root, open; with `create`, missing folders are made. */
  async openDir(parts: string[], options: { create?: boolean } = {}): Promise<FileHandle> {
    if (!existsSync("/proc/self/fd")) {
      throw new A3sError(ErrorCodes.UNAVAILABLE, "workspace file access needs Linux's /proc/self/fd (an agent in a box always has it)");
    }
    let dir = await open(this.root, O_RDONLY | O_DIRECTORY);
    try {
      for (const [i, name] of parts.entries()) {
        if (options.create) await mkdir(at(dir, name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "EEXIST") throw error;
        });
        const next = await open(at(dir, name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW).catch((error: NodeJS.ErrnoException) =>
          this.refuseStep(dir, name, parts.slice(0, i + 1).join("/"), error),
        );
        await dir.close();
        dir = next;
      }
      return dir;
    } catch (error) {
      await dir.close();
      throw error;
    }
  }

  /** A clear error for a component that is not a folder (a symlink, a file) or is missing. */
  private async refuseStep(dir: FileHandle, name: string, shown: string, error: NodeJS.ErrnoException): Promise<never> {
    if (error.code === "ENOENT") throw new A3sError(ErrorCodes.NOT_FOUND, `${shown} does not exist in the workspace`);
    if (error.code === "ENOTDIR" || error.code === "ELOOP") {
      const info = await lstat(at(dir, name)).catch(() => undefined);
      if (info?.isSymbolicLink()) throw new A3sError(ErrorCodes.PERMISSION_DENIED, `${shown} is a symbolic link; the file panel does not follow links`);
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${shown} is not a folder`);
    }
    throw error;
  }
}
