/**
 * The box's tools command (`--tools-command`, docs/images.md): started once, as a program of
 * its own pseudo-session, so that it runs exactly where the tools' programs run: in a box the
 * `sh` the agent runs is guest/init/tool-shell, which enters the tools' namespaces; under the
 * tools' cgroup limits; in the workspace; with an environment without keys or tokens. It runs
 * until the box stops; if it ends before, its exit and the start of its output are a log line.
 */
import type { Logger } from "../../common/node/logger";
import { limitMessage, type ToolProcesses } from "./limits/tool-processes";

/** The pseudo-session its processes belong to; sessions' ids are UUIDs, so none is named so. */
export const TOOLS_COMMAND_SESSION = "tools-command";

/** Output kept for the log line when it ends (a server's output would otherwise pile up). */
const KEPT_OUTPUT_CHARS = 4000;

export function startToolsCommand(argv: readonly string[], options: { processes: ToolProcesses; workspace: string; log: Logger }): void {
  const { processes, workspace, log } = options;
  log.info("starting the tools command", { command: argv });
  // `exec "$@"` runs the words as they are, found on the PATH of the tools' root filesystem.
  const args = ["-c", 'exec "$@"', "a3s-tools-command", ...argv];
  processes.run(TOOLS_COMMAND_SESSION, { file: "sh", args, cwd: workspace, mergeOutput: true, maxOutputChars: KEPT_OUTPUT_CHARS }).then(
    (out) => {
      const fields = { command: argv, exitCode: out.exitCode, ...(out.signal ? { signal: out.signal } : {}), output: out.stdout };
      if (out.limitHit) log.error(limitMessage(out.limitHit, "the tools command"), fields);
      else log.warn("the tools command ended", fields);
    },
    (error: unknown) => log.error("cannot start the tools command", { command: argv, error: (error as Error).message }),
  );
}
