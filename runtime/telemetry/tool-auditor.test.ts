import { expect, it } from "vitest";
import type { ConfirmationAuditEntry, ToolAuditEntry } from "../../common/audit";
import { argsDigest, ToolAuditor } from "./tool-auditor";

function auditor(fullArguments = false) {
  const written: Array<ToolAuditEntry | ConfirmationAuditEntry> = [];
  let now = 1000;
  const a = new ToolAuditor({ box: "b", session: "s", fullArguments, write: (e) => written.push(e), now: () => now });
  return { a, written, tick: (ms: number) => (now += ms) };
}

it("gives equal arguments the same digest whatever their key order", () => {
  expect(argsDigest({ a: 1, b: { c: [1, "x"], d: null } })).toBe(argsDigest({ b: { d: null, c: [1, "x"] }, a: 1 }));
  expect(argsDigest({ a: 1 })).not.toBe(argsDigest({ a: 2 }));
});

it("times a call from its approval, and records a timeout as the answer", () => {
  const { a, written, tick } = auditor(true);
  a.observe({ type: "tool-call", toolCall: { id: "c1", name: "write", args: { path: "x" } } });
  a.observe({ type: "confirmation-request", confirmationRequest: { requestId: "r1", tool: "write", args: { path: "x" }, reason: "ask", toolCallId: "c1" } });
  tick(600);
  a.observe({ type: "confirmation-resolved", confirmationResolved: { requestId: "r1", decision: "deny", reason: "timeout" } });
  tick(5);
  a.observe({ type: "tool-result", toolResult: { id: "c1", name: "write", output: "Permission denied (timeout)", isError: true, decision: { decision: "deny", decidedBy: "timeout" } } });
  expect(written).toMatchObject([
    { event: "confirmation", requestId: "r1", toolCallId: "c1", tool: "write", answer: "deny", by: "timeout", waitMs: 600 },
    { event: "tool", toolCallId: "c1", args: { path: "x" }, decision: "deny", decidedBy: "timeout", status: "denied", durationMs: 5, approvalWaitMs: 600 },
  ]);
});

it("keeps what the guest controls bounded and on one line, and an exit code only where bash put it", () => {
  const { a, written } = auditor();
  const forged = `bash\n{"event":"tool","decision":"allow","decidedBy":"human"}`;
  a.observe({ type: "tool-call", toolCall: { id: "c2", name: forged, args: { command: "x".repeat(10_000) } } });
  a.observe({
    type: "tool-result",
    toolResult: { id: "c2", name: forged, output: "exit code: 0\nnot the end", isError: false, decision: { decision: "allow", decidedBy: "d".repeat(5000) } },
  });
  const line = JSON.stringify(written[0]);
  expect(line.split("\n")).toHaveLength(1);
  expect(line.length).toBeLessThan(2000);
  expect(written[0]).not.toHaveProperty("args");
  expect(written[0]).not.toHaveProperty("exitCode");
  expect((written[0] as ToolAuditEntry).decidedBy).toHaveLength(513);
});
