/** `--log-level LEVEL` (else `A3S_LOG`) for the commands whose diagnostics are JSON log lines (docs/agent.md "Logs"). */
import type { Command } from "commander";
import { LOG_LEVELS, createLogger, logLevelFrom, type Logger } from "../common/node/logger";

export function addLogLevelOption(command: Command): Command {
  return command.option("--log-level <level>", `diagnostics on stderr from this level up: ${LOG_LEVELS.join(", ")} (default: $A3S_LOG, else info)`);
}

/**
 * Loggers for the parts a command runs, all at the level it was given; an unknown level stops
 * the command with an error that names it.
 */
export function commandLoggers(command: Command, flag: string | undefined): (component: string) => Logger {
  let level;
  try {
    level = logLevelFrom(flag, process.env);
  } catch (error) {
    return command.error((error as Error).message);
  }
  return (component) => createLogger({ level, component });
}
