/** `a3s-box cri`: A3S Box as a Kubernetes CRI v1 runtime (docs/kubernetes.md). */
import { activeTracing } from "../common/node/tracing";
import type { Command } from "commander";
import { startCriServer } from "../runtime/cri/cri-server";
import { addLogLevelOption, commandLoggers } from "./log-option";

interface CriFlags {
  listen: string;
  insecureRegistry: string[];
  runtimeHandler: string[];
  stateDir?: string;
  streamingAddress: string;
  metricsListen?: string;
  allowRemoteMetrics?: boolean;
  logLevel?: string;
}

function streamingAddress(address: string): { streamingHost: string; streamingPort: number } {
  const match = /^(.+):(\d+)$/.exec(address);
  if (!match) throw new Error(`--streaming-address must be host:port, got ${address}`);
  return { streamingHost: match[1]!.replace(/^\[(.*)\]$/, "$1"), streamingPort: Number(match[2]) };
}

const repeatable = (value: string, values: string[]) => [...values, value];

export function addCriCommand(program: Command, version: string): void {
  const command = program
    .command("cri")
    .description("serve the Kubernetes CRI v1 API (RuntimeService, ImageService): each pod a microVM")
    .option("--listen <address>", "unix:///path/to.sock or host:port", "unix:///run/a3s-box/cri.sock")
    .option("--insecure-registry <host:port>", "a registry that may be reached over plain HTTP (localhost always may); repeatable", repeatable, [] as string[])
    .option("--streaming-address <host:port>", "where exec and attach streams are served (WebSocket)", "127.0.0.1:0")
    .option("--state-dir <dir>", "where pod sandboxes keep their folders (default ~/.local/state/a3s-box/cri)")
    .option("--runtime-handler <name>", "a RuntimeClass handler name to accept besides the default; repeatable", repeatable, ["a3s-box"])
    .option("--metrics-listen <host:port>", "serve Prometheus /metrics here (loopback; prints the scrapers' Bearer token, default $A3S_BOX_METRICS_TOKEN or a random one)")
    .option("--allow-remote-metrics", "allow a --metrics-listen address that other machines can reach (plain HTTP)");
  addLogLevelOption(command).action(async (flags: CriFlags) => {
    const logger = commandLoggers(command, flags.logLevel);
    const log = logger("cri");
    const metricsToken = process.env["A3S_BOX_METRICS_TOKEN"];
    const server = await startCriServer({
      listen: flags.listen,
      version,
      insecureRegistries: flags.insecureRegistry,
      runtimeHandlers: flags.runtimeHandler,
      ...(flags.stateDir ? { stateDir: flags.stateDir } : {}),
      ...streamingAddress(flags.streamingAddress),
      log: logger("metrics"),
      ...(flags.metricsListen ? { metrics: { listen: flags.metricsListen, allowRemote: flags.allowRemoteMetrics === true, ...(metricsToken ? { token: metricsToken } : {}) } } : {}),
    }).catch((error: unknown) => program.error(`a3s-box cri cannot start: ${(error as Error).message}`));
    log.info("listening", { address: server.address, ...(server.metrics ? { metrics: server.metrics.url } : {}) });
    console.log(`a3s-box CRI runtime listening on ${server.address}`);
    if (server.metrics) console.log(`metrics at ${server.metrics.url} (authorization: Bearer ${server.metrics.token})`);
    const stop = () => void server.close().then(() => activeTracing()?.shutdown()).then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
