#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { packageRoot } from "../runtime/paths";
import { startHostTracing } from "../runtime/telemetry/host-tracing";
import { addAgentCommand } from "./agent-command";
import { addAuditCommand } from "./audit-command";
import { addBoxCommands } from "./box-commands";
import { addCriCommand } from "./cri-command";
import { addDoctorCommand } from "./doctor-command";
import { addImageCommands } from "./image-command";
import { addRunCommand } from "./run-command";
import { addServeCommand } from "./serve-command";

const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string };

startHostTracing(version);

const program = new Command()
  .name("a3s-box")
  .description("Run AI coding agents safely, each in its own microVM.")
  .version(version);

addAgentCommand(program);
addBoxCommands(program);
addAuditCommand(program);
addDoctorCommand(program);
addRunCommand(program);
addImageCommands(program);
addServeCommand(program, version);
addCriCommand(program, version);

await program.parseAsync();
