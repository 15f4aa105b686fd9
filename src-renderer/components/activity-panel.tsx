import { useEffect, useState } from "react";
import type { SessionActivityEntry } from "../../common/box-api";
import { useStores } from "./stores";

/** What happened and who decided it: one line of the session's audit log. */
function describe(entry: SessionActivityEntry): { what: string; decision: string; outcome: string } {
  if (entry.event === "tool") {
    const exit = entry.exitCode !== undefined ? ` (exit ${entry.exitCode})` : "";
    return { what: `tool ${entry.tool}`, decision: `${entry.decision} by ${entry.decidedBy || "?"}`, outcome: `${entry.status}${exit}, ${entry.durationMs} ms, ${entry.bytesOut} B` };
  }
  return { what: `answer for ${entry.tool}`, decision: `${entry.answer} by ${entry.by}${entry.rule ? ` (always: ${entry.rule})` : ""}`, outcome: `after ${entry.waitMs} ms` };
}

/** The session's Activity view: its tool calls and approval answers as the host audited them; reloaded after each turn. */
export function ActivityPanel({ sessionId, running }: { sessionId: string; running: boolean }) {
  const { api } = useStores();
  const [entries, setEntries] = useState<SessionActivityEntry[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    api.getActivity(sessionId).then(
      (loaded) => current && (setEntries(loaded), setError(undefined)),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      current = false;
    };
  }, [api, sessionId, running]);

  return (
    <section className="activity" aria-label="Activity">
      {error && <p role="alert">Cannot read the audit log: {error}</p>}
      {entries?.length === 0 && <p>No tool calls in this session yet.</p>}
      {entries && entries.length > 0 && (
        <table>
          <thead>
            <tr><th>Time</th><th>What</th><th>Decision</th><th>Outcome</th></tr>
          </thead>
          <tbody>
            {entries.map((entry, i) => {
              const { what, decision, outcome } = describe(entry);
              return (
                <tr key={`${entry.time}-${i}`}>
                  <td>{new Date(entry.time).toLocaleTimeString()}</td>
                  <td>{what}</td>
                  <td>{decision}</td>
                  <td>{outcome}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
