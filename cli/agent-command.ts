import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { nodeChild } from "../runtime/node-child";
import { agentBundlePath } from "../runtime/paths";

/** `a3s-box agent [args…]`: the agent as a plain process on this host. */
export function addAgentCommand(program: Command): void {
  program
    .command("agent")
    .description("run the agent as a plain process on this host (development and tests)")
    .allowUnknownOption()
    .helpOption(false)
    .argument("[args...]", "arguments for the agent, e.g. --listen 127.0.0.1:4088")
    .action((args: string[]) => {
      if (!existsSync(agentBundlePath)) {
        program.error(`the agent bundle is missing at ${agentBundlePath}; run \`npm run build\` first`);
      }
      const agent = nodeChild(agentBundlePath, args);
      const child = spawn(agent.command, agent.args, { stdio: "inherit", env: agent.env });
      for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
      child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    });
}
