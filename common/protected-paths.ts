/**
 * Workspace paths through which a box could make programs on the host run something: git's
 * config, hooks and info (attributes), the git dirs of submodules and worktrees, which have
 * config and hooks of their own, and `.git/commondir`, which makes git take config and hooks
 * from the folder it names. Read-only inside a box by default; a trailing `/` marks a folder.
 */
export const DEFAULT_PROTECTED_PATHS: readonly string[] = [".git/config", ".git/hooks/", ".git/info/", ".git/modules/", ".git/worktrees/", ".git/commondir"];

/** A list that protects anything in .git, with `.git/commondir` added: without it, git would take its config from wherever the box points it. */
export function withGitCommondir(paths: readonly string[]): string[] {
  return paths.some((p) => p.startsWith(".git/")) && !paths.includes(".git/commondir") ? [...paths, ".git/commondir"] : [...paths];
}

/** Checks one entry of a `protectedPaths` list; returns what is wrong with it, if anything. */
export function protectedPathProblem(entry: string): string | undefined {
  if (!/^[A-Za-z0-9._@+-]+(\/[A-Za-z0-9._@+-]+)*\/?$/.test(entry)) {
    return `"${entry}" must be a relative path of letters, digits and . _ @ + - (a trailing / marks a folder)`;
  }
  if (entry.split("/").some((part) => part === "." || part === "..")) return `"${entry}" must not contain . or .. segments`;
  return undefined;
}
