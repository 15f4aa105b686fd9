import type { Command } from "commander";
import { fileKeychainLine, runDoctor } from "../runtime/doctor/doctor";
import { formatDoctorReport } from "../runtime/doctor/format-report";

/** `a3s-box doctor`: what this host can do, each missing piece with its fix; exit 1 when a box cannot start. */
export function addDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description("check this host: platform, accelerator, VM backends, guest artifacts, keychain, model providers")
    .option("--json", "print the report as JSON")
    .action(async (flags: { json?: boolean }) => {
      const report = await runDoctor({ providerEnv: process.env, keychain: fileKeychainLine() });
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
      process.exitCode = report.canStartBox ? 0 : 1;
    });
}
