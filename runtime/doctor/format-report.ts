import type { DoctorReport } from "../../common/doctor";

/** The report as text, one line per check and its fix indented below it. */
export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.lines.map((line) => line.check.length));
  const out: string[] = [];
  for (const line of report.lines) {
    out.push(`${line.status.padEnd(4)}  ${line.check.padEnd(width)}  ${line.detail}`);
    if (line.fix) out.push(`${" ".repeat(width + 8)}fix: ${line.fix}`);
  }
  out.push(report.canStartBox ? "A box can start here." : "A box cannot start here: see the lines marked fail.");
  return `${out.join("\n")}\n`;
}
