// vitest globalSetup: every process the suite starts carries a marker in its environment (the
// workers inherit it, and test/helpers/child-env.ts passes it on); what still carries it when
// the suite ends has outlived the suite. Only this suite's processes are looked at or killed:
// other suites run on the same host at once.
import { randomUUID } from "node:crypto";
import { processesMarked, SUITE_MARKER } from "../support/suite-processes";

// Each vitest project runs this setup; they share one marker (never one inherited from an outer run).
const MARKER = Symbol.for("a3s-box.test-suite-marker");
const shared = globalThis as { [MARKER]?: string };

export default function setup(): () => void {
  shared[MARKER] ??= randomUUID();
  process.env[SUITE_MARKER] = shared[MARKER];
  const entry = `${SUITE_MARKER}=${shared[MARKER]}`;
  return () => {
    // vitest's own workers (children of this process) may still be closing.
    const leaked = processesMarked(entry).filter((p) => p.pid !== process.pid && p.parent !== process.pid);
    if (leaked.length === 0) return;
    for (const p of leaked) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // exited meanwhile
      }
    }
    // vitest reports an error thrown here but still exits 0.
    process.exitCode = 1;
    throw new Error(`processes started by the suite outlived it (killed now):\n${leaked.map((p) => `  ${p.pid} ${p.command}`).join("\n")}`);
  };
}
