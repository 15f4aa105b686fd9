/**
 * The design's `WORKSPACE` variable: the workspace folder when no flag or option names one
 * (`a3s-box agent`, `a3s-box run`, `Box.create`); else the current directory.
 */
export const WORKSPACE_VAR = "WORKSPACE";

export function workspaceFrom(given: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return given ?? (env[WORKSPACE_VAR]?.trim() || process.cwd());
}
