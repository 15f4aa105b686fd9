import { useState } from "react";
import type { TranscriptItem } from "../../common/transcript";

type ToolItem = Extract<TranscriptItem, { kind: "tool" }>;

const PREVIEW_CHARS = 2000;

const STATUS_LABEL: Record<ToolItem["status"], string> = {
  running: "running",
  "awaiting-approval": "waiting for approval",
  done: "done",
  error: "failed",
  denied: "denied",
  cancelled: "cancelled",
};

export function ToolCard({ item }: { item: ToolItem }) {
  const [showAll, setShowAll] = useState(false);
  const long = item.output.length > PREVIEW_CHARS;
  const output = long && !showAll ? `${item.output.slice(0, PREVIEW_CHARS)}…` : item.output;
  return (
    <article className={`tool-card status-${item.status}`} aria-label={`Tool call ${item.name}`} data-tool-call-id={item.id}>
      <header>
        <span className="tool-name">{item.name}</span>
        <span className="tool-status" role="status">{STATUS_LABEL[item.status]}</span>
      </header>
      <pre className="tool-args">{JSON.stringify(item.args, null, 2)}</pre>
      {item.decision && (
        <p className="tool-decision">
          {item.decision.decision} by {item.decision.decidedBy}
          {item.decision.reason ? `: ${item.decision.reason}` : ""}
        </p>
      )}
      {item.output && (
        <details open={item.status === "error" || item.status === "denied"}>
          <summary>Output</summary>
          <pre className="tool-output">{output}</pre>
          {long && <button type="button" onClick={() => setShowAll(!showAll)}>{showAll ? "Show less" : "Show more"}</button>}
        </details>
      )}
    </article>
  );
}
