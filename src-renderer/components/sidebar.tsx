import { useState } from "react";
import type { BoxInfo } from "../../common/box-api";
import { useApp } from "./stores";

function BoxState({ box }: { box: BoxInfo }) {
  if (box.state === "booting") return <span className="box-state booting">booting{box.progress ? `: ${box.progress}` : "…"}</span>;
  if (box.state === "failed") {
    return (
      <details className="box-state failed">
        <summary>failed: {box.error?.message}</summary>
        {box.log && <pre className="box-log">{box.log}</pre>}
      </details>
    );
  }
  return <span className={`box-state ${box.state}`}>{box.state}</span>;
}

function NewBox() {
  const [workspace, setWorkspace] = useState("");
  const createBox = useApp((s) => s.createBox);
  return (
    <form
      className="new-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (workspace.trim()) void createBox(workspace.trim()).then(() => setWorkspace(""));
      }}
    >
      <input aria-label="Workspace folder" placeholder="/path/to/workspace" value={workspace} onChange={(e) => setWorkspace(e.target.value)} />
      <button type="submit">New box</button>
    </form>
  );
}

export function Sidebar() {
  const info = useApp((s) => s.info);
  const boxes = useApp((s) => s.boxes);
  const sessions = useApp((s) => s.sessions);
  const selectedBoxId = useApp((s) => s.selectedBoxId);
  const selectedSessionId = useApp((s) => s.selectedSessionId);
  const { selectBox, removeBox, selectSession, createSession, renameSession, deleteSession } = useApp((s) => s);
  const selectedBox = boxes.find((b) => b.id === selectedBoxId);

  return (
    <nav className="sidebar" aria-label="Boxes and sessions">
      <h2>Boxes</h2>
      <ul className="boxes">
        {boxes.map((box) => (
          <li key={box.id} className={box.id === selectedBoxId ? "selected" : ""}>
            <button type="button" className="link" aria-current={box.id === selectedBoxId} onClick={() => void selectBox(box.id)}>
              {box.name}
            </button>
            {box.kind === "vm" && (
              <button
                type="button"
                className="icon"
                aria-label={`Remove ${box.name}`}
                onClick={() => {
                  if (confirm(`Stop and remove the box "${box.name}"? Its sessions are deleted; the workspace folder stays.`)) void removeBox(box.id);
                }}
              >
                ✕
              </button>
            )}
            <BoxState box={box} />
          </li>
        ))}
      </ul>
      {info && !info.attached && <NewBox />}
      {selectedBox && (
        <>
          <h2>Sessions</h2>
          <button type="button" disabled={selectedBox.state !== "ready"} onClick={() => void createSession()}>New session</button>
          <ul className="sessions">
            {sessions.map((session) => (
              <li key={session.id} className={session.id === selectedSessionId ? "selected" : ""}>
                <button type="button" className="link" aria-current={session.id === selectedSessionId} onClick={() => void selectSession(session.id)}>
                  {session.title}
                  {session.running && <span className="running-dot" aria-label="running" />}
                </button>
                <button
                  type="button"
                  className="icon"
                  aria-label={`Rename ${session.title}`}
                  onClick={() => {
                    const title = prompt("Session name", session.title)?.trim();
                    if (title) void renameSession(session.id, title);
                  }}
                >
                  ✎
                </button>
                <button
                  type="button"
                  className="icon"
                  aria-label={`Delete ${session.title}`}
                  onClick={() => {
                    if (confirm(`Delete "${session.title}"?`)) void deleteSession(session.id);
                  }}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
