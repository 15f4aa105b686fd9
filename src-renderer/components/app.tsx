import { useEffect, useState } from "react";
import { showsFirstRun } from "../state/guest-store";
import { ChatPanel } from "./chat-panel";
import { FirstRun } from "./first-run";
import { SettingsDialog } from "./settings-dialog";
import { Sidebar } from "./sidebar";
import { useApp, useGuest, useStores } from "./stores";
import { WorkspacePanel } from "./workspace-panel";

type Pane = "sessions" | "chat" | "files";

export function App() {
  const stores = useStores();
  const error = useApp((s) => s.error);
  const dismissError = useApp((s) => s.dismissError);
  const pendingCount = useApp((s) => s.approvals.length);
  const selectedBoxId = useApp((s) => s.selectedBoxId);
  const selectedBoxReady = useApp((s) => s.boxes.find((b) => b.id === s.selectedBoxId)?.state === "ready");
  const firstRun = useGuest(showsFirstRun);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [pane, setPane] = useState<Pane>("chat");

  useEffect(() => {
    const unsubscribe = stores.api.onEvent((event) => {
      void stores.workspace.getState().handleEvent(event);
      stores.settings.getState().handleEvent(event);
      stores.guest.getState().handleEvent(event);
    });
    const started = stores.app.getState().start();
    void stores.settings.getState().load();
    void stores.guest.getState().load();
    return () => {
      unsubscribe();
      void started.then((stop) => stop());
    };
  }, [stores]);

  // A booting box has no files to show yet: open its workspace once it is ready.
  useEffect(() => {
    if (selectedBoxId && selectedBoxReady) void stores.workspace.getState().openBox(selectedBoxId);
  }, [selectedBoxId, selectedBoxReady, stores]);

  return (
    <div className={`app pane-${pane}`}>
      <header className="top-bar">
        <h1>A3S Box</h1>
        <nav className="pane-switch" aria-label="Views">
          {(["sessions", "chat", "files"] as const).map((p) => (
            <button key={p} type="button" aria-pressed={pane === p} onClick={() => setPane(p)}>{p[0]!.toUpperCase() + p.slice(1)}</button>
          ))}
        </nav>
        {pendingCount > 0 && <span className="badge" aria-label={`${pendingCount} pending approvals`}>{pendingCount} waiting</span>}
        <button type="button" onClick={() => setSettingsOpen(true)}>Settings</button>
      </header>
      {error && (
        <div className="error-banner" role="alert">
          {error}
          <button type="button" onClick={dismissError}>Dismiss</button>
        </div>
      )}
      {firstRun ? (
        <FirstRun />
      ) : (
        <main className="panes">
          <Sidebar />
          <ChatPanel />
          <WorkspacePanel />
        </main>
      )}
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}
