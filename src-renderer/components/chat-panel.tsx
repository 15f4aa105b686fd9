import { useEffect, useState } from "react";
import { ActivityPanel } from "./activity-panel";
import { ApprovalsPanel } from "./approvals-panel";
import { ContextMeter } from "./context-meter";
import { PolicyEditor } from "./policy-editor";
import { useApp } from "./stores";
import { TranscriptView } from "./transcript-view";

const EMPTY: never[] = [];

function Composer({ running }: { running: boolean }) {
  const [text, setText] = useState("");
  const send = useApp((s) => s.send);
  const stop = useApp((s) => s.stop);
  const submit = async () => {
    if (running || !text.trim()) return;
    if (await send(text)) setText("");
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor="message" className="visually-hidden">Message</label>
      <textarea
        id="message"
        aria-label="Message"
        placeholder="Message the agent (Enter sends, Shift+Enter for a new line)"
        value={text}
        rows={3}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      {running ? (
        <button type="button" className="danger" onClick={() => void stop()}>Stop</button>
      ) : (
        <button type="submit" className="primary" disabled={!text.trim()}>Send</button>
      )}
    </form>
  );
}

export function ChatPanel() {
  const session = useApp((s) => s.sessions.find((x) => x.id === s.selectedSessionId));
  const items = useApp((s) => (s.selectedSessionId ? s.transcripts[s.selectedSessionId] : undefined) ?? EMPTY);
  const setPolicy = useApp((s) => s.setPolicy);
  const stop = useApp((s) => s.stop);
  const [editingPolicy, setEditingPolicy] = useState(false);
  const [showingActivity, setShowingActivity] = useState(false);
  const running = session?.running ?? false;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && running) void stop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [running, stop]);

  if (!session) return <section className="chat empty-state"><p>Create or pick a session to start.</p></section>;
  return (
    <section className="chat" aria-label="Chat">
      <div className="chat-bar">
        <h2>{session.title}</h2>
        <span className="model">{session.model.provider}/{session.model.name}</span>
        <button type="button" aria-expanded={editingPolicy} onClick={() => setEditingPolicy(!editingPolicy)}>Policy</button>
        <button type="button" aria-expanded={showingActivity} onClick={() => setShowingActivity(!showingActivity)}>Activity</button>
      </div>
      {showingActivity && <ActivityPanel key={session.id} sessionId={session.id} running={running} />}
      {editingPolicy && (
        <PolicyEditor
          key={session.id}
          label="Session policy"
          policy={session.policy}
          // Closed once saved: reopened earlier it would show the old policy; kept open (edits and all) when the save fails.
          onSave={(policy) => void setPolicy(policy).then((saved) => saved && setEditingPolicy(false))}
        />
      )}
      <TranscriptView items={items} />
      <ApprovalsPanel />
      <ContextMeter sessionId={session.id} running={running} />
      <Composer running={running} />
    </section>
  );
}
