#!/usr/bin/env node
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { nodeChild } from "../runtime/node-child";
import { agentBundlePath, packageRoot } from "../runtime/paths";
import { addAuditCommand } from "./audit-command";
import { addBoxCommands } from "./box-commands";
import { registerCriCommand } from "./cri-command";
import { addDoctorCommand } from "./doctor-command";
import { addRunCommand } from "./run-command";
import { registerImageCommands } from "./image-command";
import { registerServeCommand } from "./serve";

const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string };

const program = new Command()
  .name("a3s-box")
  .description("Run AI coding agents safely, each in its own microVM.")
  .version(version);

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

addBoxCommands(program);
addAuditCommand(program);
addDoctorCommand(program);
addRunCommand(program);
registerImageCommands(program);
registerServeCommand(program, version);
registerCriCommand(program, version);

await program.parseAsync();
