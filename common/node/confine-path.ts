import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";

/** Whether the absolute path `target` is `root` or lies under it, lexically. */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Where `absolute` really leads: its deepest existing ancestor with every symlink followed,
 * plus the parts that do not exist yet. Confine this, not the lexical path, when symlinks
 * may lead out.
 */
export function realPathOf(absolute: string): string {
  const missing: string[] = [];
  for (let current = absolute; ; current = dirname(current)) {
    try {
      return resolve(realpathSync(current), ...missing.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dirname(current) === current) throw error;
      missing.push(basename(current));
    }
  }
}
