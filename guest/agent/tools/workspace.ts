import { realpathSync } from "node:fs";
import { readlink } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { isInside, realPathOf } from "../../../common/node/confine-path";

/**
 * The one place that confines paths to the workspace. A path is resolved against the
 * session's cwd; it must stay inside the workspace both lexically (`..`, absolute paths)
 * and after following symlinks (the deepest existing ancestor is resolved for real).
 */
export class Workspace {
  readonly root: string;
  private readonly realRoot: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.realRoot = realpathSync(this.root);
  }

  /** The absolute path for `path` (relative to `cwd`, itself relative to the root), or throws. */
  resolve(path: string, cwd = ""): string {
    return this.confine(path, cwd).absolute;
  }

  /** Like resolve, but with every symlink of the path followed: the file a tool should open. */
  resolveReal(path: string, cwd = ""): string {
    return this.confine(path, cwd).real;
  }

  /**
   * Throws unless the open descriptor `fd` lies inside the workspace: what was opened, not what
   * the path said a moment before. Checked through /proc, so only where there is one (Linux).
   */
  async assertDescriptorInside(fd: number, shownAs: string): Promise<void> {
    let real: string;
    try {
      real = await readlink(`/proc/self/fd/${fd}`);
    } catch {
      return;
    }
    if (!isInside(this.realRoot, real)) {
      throw new A3sError(ErrorCodes.PATH_OUTSIDE_WORKSPACE, `path "${shownAs}" leads outside the workspace (it opened ${real})`);
    }
  }

  /** `absolute` relative to the root, "/"-separated; "." for the root itself. */
  relative(absolute: string): string {
    return relative(this.root, absolute).split(sep).join("/") || ".";
  }

  private confine(path: string, cwd: string): { absolute: string; real: string } {
    if (path.includes("\0") || cwd.includes("\0")) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `path ${JSON.stringify(path)} contains a NUL byte`);
    const base = resolve(this.root, cwd);
    const absolute = resolve(base, path);
    if (!isInside(this.root, base) || !isInside(this.root, absolute)) {
      throw new A3sError(ErrorCodes.PATH_OUTSIDE_WORKSPACE, `path "${path}" is outside the workspace ${this.root}`);
    }
    const real = realPathOf(absolute);
    if (!isInside(this.realRoot, real)) {
      throw new A3sError(
        ErrorCodes.PATH_OUTSIDE_WORKSPACE,
        `path "${path}" leads outside the workspace through a symbolic link (to ${real})`,
      );
    }
    return { absolute, real };
  }
}

