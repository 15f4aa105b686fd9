/** `a3s-box audit BOX [--follow] [--json]`: a box's audit log, read on the host. */
import type { Command } from "commander";
import { formatUsd, type AuditEntry } from "../sdk/index";
import { auditedBoxes, defaultAuditDir, readAuditLog } from "../runtime/telemetry/audit-log";
import { followAuditLog } from "../runtime/telemetry/audit-follow";

interface AuditFlags {
  follow?: boolean;
  json?: boolean;
  dir: string;
}

/** One entry as a line of text: time, session, what happened, the decision and its outcome. */
export function formatAuditEntry(entry: AuditEntry): string {
  const time = entry.time.replace("T", " ").replace(/\.\d+Z$/, "Z");
  switch (entry.event) {
    case "tool": {
      const exit = entry.exitCode !== undefined ? ` exit ${entry.exitCode}` : "";
      return `${time}  ${entry.session.slice(0, 8)}  tool  ${entry.tool}  ${entry.decision} by ${entry.decidedBy || "?"}  ${entry.status}${exit}  ${entry.durationMs} ms  ${entry.bytesOut} B  ${entry.argsDigest.slice(0, 19)}`;
    }
    case "confirmation":
      return `${time}  ${entry.session.slice(0, 8)}  answer  ${entry.tool}  ${entry.answer} by ${entry.by}${entry.rule ? ` (always: ${entry.rule})` : ""}  after ${entry.waitMs} ms`;
    case "gateway": {
      const cost = entry.costUsd !== undefined ? ` ${formatUsd(entry.costUsd)}` : "";
      const outcome = entry.refused ? `refused: ${entry.refused}` : `${entry.model ?? "?"} ${entry.inputTokens} in / ${entry.outputTokens} out${cost}`;
      return `${time}  gateway  ${entry.method} ${entry.path}  ${entry.status}  ${outcome}  ${entry.durationMs} ms  ${entry.bytesOut} B`;
    }
  }
}

export function addAuditCommand(program: Command): void {
  program
    .command("audit")
    .description("show a box's audit log: tool calls, approvals, answers and model requests, as the host saw them")
    .argument("<box>", "the box id, or a unique prefix of it")
    .option("-f, --follow", "keep printing new entries as they are written")
    .option("--json", "print the JSON lines as they are stored")
    .option("--dir <dir>", "where the audit logs are kept", defaultAuditDir())
    .action(async (prefix: string, flags: AuditFlags) => {
      const matches = (await auditedBoxes(flags.dir)).filter((id) => id.startsWith(prefix));
      if (matches.length !== 1) {
        program.error(matches.length === 0 ? `no box with an id starting with "${prefix}" has an audit log in ${flags.dir}` : `"${prefix}" matches ${matches.length} boxes; give more of the id`);
      }
      const boxId = matches[0]!;
      const print = (entry: AuditEntry) => process.stdout.write(`${flags.json ? JSON.stringify(entry) : formatAuditEntry(entry)}\n`);
      if (!flags.follow) {
        for (const entry of await readAuditLog(flags.dir, boxId)) print(entry);
        return;
      }
      const stop = await followAuditLog(flags.dir, boxId, print, { fromStart: true });
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => {
          stop();
          process.exit(0);
        });
      }
    });
}
