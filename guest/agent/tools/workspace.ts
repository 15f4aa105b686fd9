import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { A3sError, ErrorCodes } from "../../../common/errors";

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
    const base = resolve(this.root, cwd);
    const absolute = resolve(base, path);
    if (!this.containsLexically(base) || !this.containsLexically(absolute)) {
      throw new A3sError(ErrorCodes.PATH_OUTSIDE_WORKSPACE, `path "${path}" is outside the workspace ${this.root}`);
    }
    const real = realpathOfDeepestExisting(absolute);
    const rel = relative(this.realRoot, real);
    if (rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) {
      throw new A3sError(
        ErrorCodes.PATH_OUTSIDE_WORKSPACE,
        `path "${path}" leads outside the workspace through a symbolic link (to ${real})`,
      );
    }
    return absolute;
  }

  /** `absolute` relative to the root, "/"-separated; "." for the root itself. */
  relative(absolute: string): string {
    return relative(this.root, absolute).split(sep).join("/") || ".";
  }

  private containsLexically(absolute: string): boolean {
    const rel = relative(this.root, absolute);
    return !(rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel));
  }
}

export function realpathOfDeepestExisting(absolute: string): string {
  const missing: string[] = [];
  for (let current = absolute; ; current = dirname(current)) {
    try {
      return resolve(realpathSync(current), ...missing.reverse());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" || dirname(current) === current) throw err;
      missing.push(basename(current));
    }
  }
}
