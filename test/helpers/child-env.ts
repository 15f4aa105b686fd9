import { SUITE_MARKER } from "../support/suite-processes";

/**
 * The environment a test gives the processes it starts: enough to run (PATH, HOME), the
 * suite's audit folder (vitest.config.ts) and its process marker (test/setup/leak-check.ts),
 * and nothing else of the host's — no keys leak in.
 */
export function childEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" };
  for (const name of ["A3S_BOX_AUDIT_DIR", SUITE_MARKER]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}
