/** `a3s-box cri`: A3S Box as a Kubernetes CRI v1 runtime (docs/kubernetes.md). */
import type { Command } from "commander";
import { startCriServer } from "../runtime/cri/cri-server";

interface CriFlags {
  listen: string;
  insecureRegistry: string[];
  runtimeHandler: string[];
}

const repeatable = (value: string, values: string[]) => [...values, value];

export function registerCriCommand(program: Command, version: string): void {
  program
    .command("cri")
    .description("serve the Kubernetes CRI v1 API (RuntimeService, ImageService): each pod a microVM")
    .option("--listen <address>", "unix:///path/to.sock or host:port", "unix:///run/a3s-box/cri.sock")
    .option("--insecure-registry <host:port>", "a registry that may be reached over plain HTTP (localhost always may); repeatable", repeatable, [] as string[])
    .option("--runtime-handler <name>", "a RuntimeClass handler name to accept besides the default; repeatable", repeatable, ["a3s-box"])
    .action(async (flags: CriFlags) => {
      const server = await startCriServer({
        listen: flags.listen,
        version,
        insecureRegistries: flags.insecureRegistry,
        runtimeHandlers: flags.runtimeHandler,
      });
      console.log(`a3s-box CRI runtime listening on ${server.address}`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
