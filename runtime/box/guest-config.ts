import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ResolvedBoxOptions } from "./box-options";

/** Folder (shared as `a3sconf`) through which the host hands settings to the guest's attach step. */
export interface GuestConfig {
  hostname: string;
  /** The agent's command-line arguments (the token among them); they reach it through a fifo, never argv. */
  agentArgs: string[];
  /** Whether the state share `a3sstate` is present. */
  stateShare: boolean;
  /** Workspace paths the attach step makes read-only (guest/init/protect-paths). */
  protectedPaths: readonly string[];
  /** The agent's whole environment (no secrets: provider keys stay on the host). */
  agentEnv: Record<string, string>;
}

/**
 * The agent's arguments in a box: token, guest paths and the box's settings. Its listener
 * (DEFAULT_AGENT_PORT) is on the guest's own command line (guest/init/agent-ns): the agent
 * listens before attach.
 */
export function agentArgs(settings: Pick<ResolvedBoxOptions, "sessionStore" | "protectedPaths" | "toolLimits" | "logLevel"> & { token: string; toolsCommand?: readonly string[] }): string[] {
  return [
    "--token", settings.token, "--workspace", "/workspace", "--state-dir", "/var/lib/a3s",
    "--session-store", settings.sessionStore, `--protected-paths=${settings.protectedPaths.join(",")}`, "--log-level", settings.logLevel,
    // init makes this cgroup (guest/init/init); the agent limits every tool process below it.
    "--tool-cgroup", "/sys/fs/cgroup/a3s-tools", "--tool-processes", String(settings.toolLimits.processes), "--tool-memory-mib", String(settings.toolLimits.memoryMiB),
    ...(settings.toolsCommand ? ["--tools-command", JSON.stringify(settings.toolsCommand)] : []),
  ];
}

/**
 * Writes config.env (read by guest/init/attach) and agent.json (`{args, env}`, handed to the
 * agent's `--attach` fifo as it is) into `dir`.
 */
export async function writeGuestConfig(dir: string, config: GuestConfig): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const settings = {
    A3S_HOSTNAME: config.hostname,
    A3S_STATE_SHARE: config.stateShare ? "1" : "",
    A3S_PROTECTED_PATHS: config.protectedPaths.join(" "),
  };
  await writeFile(join(dir, "config.env"), shellAssignments(settings), { mode: 0o600 });
  await writeFile(join(dir, "agent.json"), JSON.stringify({ args: config.agentArgs, env: config.agentEnv }), { mode: 0o600 });
}

/** Removes the files once the guest has read them, so nothing in the guest can read them later. */
export async function removeGuestConfig(dir: string): Promise<void> {
  await rm(join(dir, "config.env"), { force: true });
  await rm(join(dir, "agent.json"), { force: true });
}

/** `NAME='value'` lines that a POSIX shell sources safely, whatever the values hold. */
export function shellAssignments(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid environment variable name ${JSON.stringify(name)}`);
      return `${name}='${value.replaceAll("'", `'\\''`)}'\n`;
    })
    .join("");
}
