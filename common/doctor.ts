/** `a3s-box doctor` and the app's Settings: what this host can do, one line per check. */
export type DoctorStatus = "ok" | "info" | "warn" | "fail";

export interface DoctorLine {
  check: string;
  status: DoctorStatus;
  detail: string;
  /** What to do about it, when something is missing. */
  fix?: string;
}

export interface DoctorReport {
  lines: DoctorLine[];
  /** False when a box cannot start here (a line failed). */
  canStartBox: boolean;
}
