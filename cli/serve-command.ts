/** `a3s-box serve`: the desktop app's UI in any browser, on a local port guarded by a token. */
import { activeTracing } from "../common/node/tracing";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { isLoopbackHost } from "../sdk/index";
import { packageRoot } from "../runtime/paths";
import { BoxService } from "../runtime/service/box-service";
import { connectAgent } from "../runtime/service/connect-agent";
import { FileSecretStore } from "../runtime/service/secret-store";
import { VmBoxLauncher } from "../runtime/service/vm-box-launcher";
import { addLogLevelOption, commandLoggers } from "./log-option";
import { startServeServer } from "./serve-server";

interface ServeFlags {
  port: string;
  host: string;
  allowRemote?: boolean;
  hostName: string[];
  agent?: string;
  agentToken?: string;
  stateDir?: string;
  logLevel?: string;
}

function defaultStateDir(): string {
  const base = process.env["XDG_STATE_HOME"] || join(homedir(), ".local", "state");
  return join(base, "a3s-box", "serve");
}

export function addServeCommand(program: Command, version: string): void {
  const command = program
    .command("serve")
    .description("serve the A3S Box UI to a browser (prints the URL with its access token)")
    .option("--port <port>", "TCP port (0 = any free port)", "4100")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--allow-remote", "allow a --host that other machines can reach (traffic is plain HTTP)")
    .option("--host-name <name>", "another name browsers may use for this server (Host header), e.g. behind a proxy; repeatable", (name: string, names: string[]) => [...names, name], [] as string[])
    .option("--agent <address>", "attach to a running agent (host:port or unix:/path) instead of booting boxes")
    .option("--agent-token <token>", "the attached agent's token (default: $A3S_AGENT_TOKEN)")
    .option("--state-dir <dir>", "where boxes, sessions, settings and keys are kept", defaultStateDir());
  addLogLevelOption(command).action(async (flags: ServeFlags) => {
    const logger = commandLoggers(command, flags.logLevel);
    const log = logger("serve");
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) program.error(`--port must be a port number, got ${flags.port}`);
    const rendererDir = join(packageRoot, "out/renderer");
    if (!existsSync(join(rendererDir, "index.html"))) program.error(`the UI is not built (${rendererDir}); run \`npm run build\` first`);
    const bareHost = flags.host.replace(/^\[(.*)\]$/, "$1");
    if (!isLoopbackHost(bareHost)) {
      if (!flags.allowRemote) {
        program.error(`--host ${flags.host} lets other machines reach the UI, over plain HTTP (the token and your code travel unencrypted); pass --allow-remote to do it anyway, or keep 127.0.0.1 and use an SSH tunnel`);
      }
      log.warn(`serving on ${flags.host} over plain HTTP: anyone on the network path can read the token and everything the UI shows; prefer an SSH tunnel or a TLS proxy`);
    }
    const stateDir = flags.stateDir ?? defaultStateDir();
    const token = flags.agentToken ?? process.env["A3S_AGENT_TOKEN"];
    const service = await BoxService.open({
      stateDir,
      secrets: new FileSecretStore(stateDir),
      host: "browser",
      version,
      log: logger("service"),
      ...(flags.agent
        ? { attach: connectAgent(flags.agent, token ? { token } : {}) }
        : { launcher: new VmBoxLauncher(stateDir) }),
    });
    const server = await startServeServer({ api: service, rendererDir, host: bareHost, port, hostNames: flags.hostName, metrics: () => service.metrics.scrape(), log }).catch(async (error: unknown) => {
      await service.dispose();
      program.error(`cannot listen on ${flags.host}:${port}: ${(error as Error).message}`);
    });
    log.info("listening", { host: flags.host, port: Number(new URL(server.url).port), stateDir });
    console.log(`A3S Box is serving at ${server.url}`);
    const shutDown = async () => {
      await server.close();
      await service.dispose();
      await activeTracing()?.shutdown();
      process.exit(0);
    };
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void shutDown());
  });
}
