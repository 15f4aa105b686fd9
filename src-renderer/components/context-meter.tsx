import { formatUsd, spendLabel } from "../../common/spend";
import { useApp } from "./stores";

export function ContextMeter({ sessionId, running }: { sessionId: string; running: boolean }) {
  const usage = useApp((s) => s.usage[sessionId]);
  const spend = useApp((s) => s.sessions.find((session) => session.id === sessionId)?.spend);
  const compact = useApp((s) => s.compact);
  const clear = useApp((s) => s.clear);
  const used = usage?.usedTokens ?? 0;
  const window = usage?.contextWindow || 1;
  return (
    <div className="context-meter">
      <meter aria-label="Context used" min={0} max={window} value={used} low={window * 0.6} high={window * 0.85} optimum={0} />
      <span className="context-label">
        {usage ? `${used.toLocaleString()} / ${usage.contextWindow.toLocaleString()} tokens` : "context: unknown"}
      </span>
      {spend && (
        <span
          className="session-cost"
          aria-label="Session cost"
          title={`${spend.inputTokens.toLocaleString()} tokens in, ${spend.outputTokens.toLocaleString()} out, costed by the prices in settings${
            spend.unpricedTokens > 0 ? `; ${spend.unpricedTokens.toLocaleString()} tokens of a model without a price are not in ${formatUsd(spend.costUsd)}` : ""
          }`}
        >
          {spendLabel(spend)}
        </span>
      )}
      <button type="button" disabled={running} onClick={() => void compact()}>Compact</button>
      <button
        type="button"
        disabled={running}
        onClick={() => {
          if (confirm("Clear this session's conversation? The agent forgets it.")) void clear();
        }}
      >
        Clear
      </button>
    </div>
  );
}
