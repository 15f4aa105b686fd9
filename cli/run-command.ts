import type { Command } from "commander";
import { A3sError, Box, DEFAULT_NETWORK_POLICY, PACKAGE_REGISTRIES, type NetworkOption, type RootfsVariant, type StreamChunk } from "../sdk/index";

/** `a3s-box run --workspace DIR "prompt"`: a fresh box, one streamed answer, then gone. */
export function addRunCommand(program: Command): void {
  program
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
    .option("--memory <MiB>", "memory in MiB", (v) => Number(v), 1024)
    .action(async (prompt: string, opts: { workspace?: string; network: string; allow?: string; hostPort: number[]; variant: string; image?: string; cpus: number; memory: number }) => {
      const status = (message: string) => process.stderr.write(`\x1b[2m${message}\x1b[0m\n`);
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
          onProgress: status,
        });
        const session = await box.client.createSession();
        let failed = false;
        for await (const chunk of box.client.stream(session, prompt)) failed = printChunk(chunk, status) || failed;
        process.stdout.write("\n");
        process.exitCode = failed ? 1 : 0;
      } catch (error) {
        process.stderr.write(`a3s-box: ${A3sError.from(error).message}\n`);
        process.exitCode = 1;
      } finally {
        await box?.stop();
      }
    });
}

/** Writes a chunk: text to stdout, everything else as status lines; true for an error. */
function printChunk(chunk: StreamChunk, status: (message: string) => void): boolean {
  switch (chunk.type) {
    case "text-delta":
      process.stdout.write(chunk.textDelta);
      return false;
    case "tool-call":
      status(`\n→ ${chunk.toolCall.name} ${JSON.stringify(chunk.toolCall.args)}`);
      return false;
    case "tool-result":
      status(`${chunk.toolResult.isError ? "✗" : "✓"} ${chunk.toolResult.name}: ${chunk.toolResult.output.split("\n").slice(0, 5).join("\n  ")}`);
      return false;
    case "error":
      process.stderr.write(`\na3s-box: ${chunk.error.code}: ${chunk.error.message}\n`);
      return true;
    case "finish":
      status(`\n(${chunk.finish.finishReason}; ${chunk.finish.usage.inputTokens} in, ${chunk.finish.usage.outputTokens} out)`);
      return false;
    default:
      return false;
  }
}

function networkOption(opts: { network: string; allow?: string }): NetworkOption {
  if (opts.allow === undefined) return opts.network as NetworkOption;
  return { allow: opts.allow.split(",").flatMap((host) => (host.trim() === "registries" ? PACKAGE_REGISTRIES : [host.trim()])) };
}
