/**
 * Workspace paths through which a box could make programs on the host run something: git's
 * config, hooks and info (attributes), and the git dirs of submodules and worktrees, which
 * have config and hooks of their own. Read-only inside a box by default; a trailing `/`
 * marks a folder.
 */
export const DEFAULT_PROTECTED_PATHS: readonly string[] = [".git/config", ".git/hooks/", ".git/info/", ".git/modules/", ".git/worktrees/"];

/** Checks one entry of a `protectedPaths` list; returns what is wrong with it, if anything. */
export function protectedPathProblem(entry: string): string | undefined {
  if (!/^[A-Za-z0-9._@+-]+(\/[A-Za-z0-9._@+-]+)*\/?$/.test(entry)) {
    return `"${entry}" must be a relative path of letters, digits and . _ @ + - (a trailing / marks a folder)`;
  }
  if (entry.split("/").some((part) => part === "." || part === "..")) return `"${entry}" must not contain . or .. segments`;
  return undefined;
}
