/**
 * The environment a test gives the processes it starts: enough to run (PATH, HOME) and the
 * suite's audit folder (vitest.config.ts), and nothing else of the host's — no keys leak in.
 */
export function childEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" };
  const audit = process.env["A3S_BOX_AUDIT_DIR"];
  if (audit) env["A3S_BOX_AUDIT_DIR"] = audit;
  return env;
}
