import type { Command } from "commander";
import type { LogLevel, Logger } from "../common/node/logger";
import { A3sError, Box, DEFAULT_NETWORK_POLICY, PACKAGE_REGISTRIES, type NetworkOption, type RootfsVariant, type StreamChunk } from "../sdk/index";
import { addLogLevelOption, commandLoggers } from "./log-option";

/**
 * `a3s-box run --workspace DIR "prompt"`: a fresh box, one streamed answer, then gone. The
 * answer's text goes to stdout; progress, tool calls and failures are log lines on stderr
 * (component `run`), at the level the box and its agent log at too.
 */
export function addRunCommand(program: Command): void {
  const command = program
    .command("run")
    .description("boot a fresh box, stream one answer to the prompt, and stop the box")
    .argument("<prompt>", "what to ask the agent")
    .option("-w, --workspace <dir>", "folder shared read-write at /workspace (default: $WORKSPACE, else the current directory)")
    .option("--network <policy>", "none | llm (the model gateway only) | full (public addresses through the egress proxy)", DEFAULT_NETWORK_POLICY)
    .option("--allow <hosts>", "comma-separated hosts the box may reach through the egress proxy (`registries` = the package registries preset)")
    .option("--host-port <port>", "a port of this host's 127.0.0.1 the box may reach (repeatable)", (v, all: number[]) => [...all, Number(v)], [])
    .option("--variant <name>", "default root filesystem: developer | slim", "developer")
    .option("--image <ref>", "OCI image for the root filesystem (default: the built-in Debian one)")
    .option("--cpus <n>", "virtual CPUs", (v) => Number(v), 1)
    .option("--memory <MiB>", "memory in MiB", (v) => Number(v), 1024);
  addLogLevelOption(command).action(async (prompt: string, opts: RunOptions) => {
    const log = commandLoggers(command, opts.logLevel)("run");
    let box: Box | undefined;
    const stop = () => void box?.stop().finally(() => process.exit(130));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      box = await Box.create({
        workspace: opts.workspace,
        network: networkOption(opts),
        hostPorts: opts.hostPort,
        variant: opts.image ? undefined : (opts.variant as RootfsVariant),
        image: opts.image,
        cpus: opts.cpus,
        memoryMiB: opts.memory,
        ...(opts.logLevel ? { logLevel: opts.logLevel as LogLevel } : {}),
        onProgress: (message) => log.info(message),
      });
      const session = await box.client.createSession();
      let failed = false;
      for await (const chunk of box.client.stream(session, prompt)) failed = printChunk(chunk, log) || failed;
      process.stdout.write("\n");
      process.exitCode = failed ? 1 : 0;
    } catch (error) {
      const e = A3sError.from(error);
      log.error(e.message, { code: e.code });
      process.exitCode = 1;
    } finally {
      await box?.stop();
    }
  });
}

interface RunOptions {
  workspace?: string;
  network: string;
  allow?: string;
  hostPort: number[];
  variant: string;
  image?: string;
  cpus: number;
  memory: number;
  logLevel?: string;
}

/** Writes a chunk: text to stdout, everything else as log lines; true for an error. */
function printChunk(chunk: StreamChunk, log: Logger): boolean {
  switch (chunk.type) {
    case "text-delta":
      process.stdout.write(chunk.textDelta);
      return false;
    case "tool-call":
      log.info("tool call", { tool: chunk.toolCall.name, args: chunk.toolCall.args });
      return false;
    case "tool-result":
      log.info("tool result", { tool: chunk.toolResult.name, isError: chunk.toolResult.isError, output: chunk.toolResult.output.split("\n").slice(0, 5).join("\n") });
      return false;
    case "error":
      log.error(chunk.error.message, { code: chunk.error.code });
      return true;
    case "finish":
      log.info("finished", { finishReason: chunk.finish.finishReason, inputTokens: chunk.finish.usage.inputTokens, outputTokens: chunk.finish.usage.outputTokens });
      return false;
    default:
      return false;
  }
}

function networkOption(opts: { network: string; allow?: string }): NetworkOption {
  if (opts.allow === undefined) return opts.network as NetworkOption;
  return { allow: opts.allow.split(",").flatMap((host) => (host.trim() === "registries" ? PACKAGE_REGISTRIES : [host.trim()])) };
}
