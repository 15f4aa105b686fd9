import { useEffect, useMemo, useRef } from "react";
import type { TranscriptItem } from "../../common/transcript";
import { renderMarkdown } from "../markdown";
import { ToolCard } from "./tool-card";

function AssistantMessage({ text }: { text: string }) {
  // Sanitised by renderMarkdown (DOMPurify); the CSP forbids inline script as a second wall.
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className="msg assistant markdown" data-role="assistant" dangerouslySetInnerHTML={{ __html: html }} />;
}

function Item({ item }: { item: TranscriptItem }) {
  switch (item.kind) {
    case "user":
      return <div className="msg user" data-role="user">{item.text}</div>;
    case "assistant":
      return <AssistantMessage text={item.text} />;
    case "reasoning":
      return (
        <details className="msg reasoning">
          <summary>Thinking</summary>
          <p>{item.text}</p>
        </details>
      );
    case "tool":
      return <ToolCard item={item} />;
    case "error":
      return <div className="msg error" role="alert">{item.code}: {item.message}</div>;
    case "notice":
      return <div className="msg notice">{item.text}</div>;
  }
}

export function TranscriptView({ items }: { items: TranscriptItem[] }) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [items]);
  return (
    <div className="transcript" role="log" aria-live="polite" aria-label="Conversation">
      {items.length === 0 && <p className="empty">Ask the agent to do something in this box.</p>}
      {items.map((item) => <Item key={item.id} item={item} />)}
      <div ref={end} />
    </div>
  );
}
