import { useState } from "react";
import type { BoxBoundary, BoxInfo } from "../../common/box-api";
import { DEFAULT_NETWORK_POLICY, PACKAGE_REGISTRIES, type NetworkPolicy } from "../../common/network";
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

/** The box's reach, always in view: what it may call on the network and the host, and what it may not change. */
function BoxReach({ boundary }: { boundary: BoxBoundary }) {
  const network = boundary.network === "allow" ? `allow: ${boundary.allow.join(", ")}` : boundary.network;
  return (
    <p className="box-reach" aria-label="Box reach">
      <span>network {network}</span>
      {boundary.hostPorts.length > 0 && <span> · host ports {boundary.hostPorts.join(", ")}</span>}
      <span title="read-only inside the box, so that host programs such as git cannot be made to run what the box wrote">
        {" "}· read-only: {boundary.protectedPaths.length > 0 ? boundary.protectedPaths.join(", ") : "nothing"}
      </span>
    </p>
  );
}

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

function NewBox() {
  const [workspace, setWorkspace] = useState("");
  const [network, setNetwork] = useState<NetworkPolicy>(DEFAULT_NETWORK_POLICY);
  const [hosts, setHosts] = useState("");
  const [registries, setRegistries] = useState(false);
  const [hostPorts, setHostPorts] = useState("");
  const createBox = useApp((s) => s.createBox);
  const boundary = (): Partial<BoxBoundary> => ({
    network,
    ...(network === "allow" ? { allow: [...(registries ? PACKAGE_REGISTRIES : []), ...words(hosts)] } : {}),
    ...(network !== "none" && hostPorts.trim() ? { hostPorts: words(hostPorts).map(Number) } : {}),
  });
  return (
    <form
      className="new-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (workspace.trim()) void createBox(workspace.trim(), boundary()).then(() => setWorkspace(""));
      }}
    >
      <input aria-label="Workspace folder" placeholder="/path/to/workspace" value={workspace} onChange={(e) => setWorkspace(e.target.value)} />
      <button type="submit">New box</button>
      <label>
        Network{" "}
        <select aria-label="Network" value={network} onChange={(e) => setNetwork(e.target.value as NetworkPolicy)}>
          <option value="none">none: nothing</option>
          <option value="llm">llm: the model only</option>
          <option value="allow">allow: the model and named hosts</option>
          <option value="full">full: the internet (never the host)</option>
        </select>
      </label>
      {network === "allow" && (
        <>
          <input aria-label="Allowed hosts" placeholder="example.com, *.example.org" value={hosts} onChange={(e) => setHosts(e.target.value)} />
          <label title={PACKAGE_REGISTRIES.join(", ")}>
            <input type="checkbox" checked={registries} onChange={(e) => setRegistries(e.target.checked)} /> package registries
          </label>
        </>
      )}
      {network !== "none" && (
        <input aria-label="Host ports" placeholder="host ports, e.g. 11434" value={hostPorts} onChange={(e) => setHostPorts(e.target.value)} />
      )}
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
            {box.boundary && <BoxReach boundary={box.boundary} />}
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
