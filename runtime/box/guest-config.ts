import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Folder (shared as `a3sconf`) through which the host hands settings to the guest's init. */
export interface GuestConfig {
  hostname: string;
  agentPort: number;
  /** The agent's command-line arguments (the token among them: argv is private to its PID namespace). */
  agentArgs: string[];
  /** Whether the state share `a3sstate` is present. */
  stateShare: boolean;
  /** Workspace paths init makes read-only (guest/init/protect-paths). */
  protectedPaths: readonly string[];
  /** The agent's whole environment (no secrets: provider keys stay on the host). */
  agentEnv: Record<string, string>;
}

/** Writes config.env (read by init) and agent.env (the agent's environment) into `dir`. */
export async function writeGuestConfig(dir: string, config: GuestConfig): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const settings = {
    A3S_HOSTNAME: config.hostname,
    A3S_AGENT_PORT: String(config.agentPort),
    A3S_AGENT_ARGS: config.agentArgs.join(" "),
    A3S_STATE_SHARE: config.stateShare ? "1" : "",
    A3S_PROTECTED_PATHS: config.protectedPaths.join(" "),
  };
  for (const arg of config.agentArgs) {
    if (!/^[A-Za-z0-9_./:=@,+-]+$/.test(arg)) throw new Error(`agent argument ${JSON.stringify(arg)} has characters init cannot pass on`);
  }
  await writeFile(join(dir, "config.env"), shellAssignments(settings), { mode: 0o600 });
  await writeFile(join(dir, "agent.env"), shellAssignments(config.agentEnv), { mode: 0o600 });
}

/** Removes the files once init has read them, so nothing in the guest can read them later. */
export async function removeGuestConfig(dir: string): Promise<void> {
  await rm(join(dir, "config.env"), { force: true });
  await rm(join(dir, "agent.env"), { force: true });
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
