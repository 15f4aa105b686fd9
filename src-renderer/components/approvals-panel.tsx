import { DiffEditor } from "@monaco-editor/react";
import type { editor } from "monaco-editor";
import { useEffect, useRef } from "react";
import type { PendingApproval } from "../../common/box-api";
import { languageOf } from "../monaco-setup";
import { systemTheme, useApp } from "./stores";

function ApprovalCard({ approval }: { approval: PendingApproval }) {
  const answer = useApp((s) => s.answer);
  const diffEditor = useRef<editor.IStandaloneDiffEditor | null>(null);
  const { diff } = approval;
  // The wrapper would dispose the models before the diff editor lets go of them; keep them
  // and dispose them ourselves once the editor is gone.
  useEffect(
    () => () => {
      const models = diffEditor.current?.getModel();
      setTimeout(() => {
        models?.original.dispose();
        models?.modified.dispose();
      }, 0);
    },
    [],
  );
  return (
    <article className="approval" aria-label={`Approval for ${approval.tool}`}>
      <header>
        <strong>{approval.tool}</strong> wants to run
      </header>
      <p className="approval-reason">{approval.reason}</p>
      {diff ? (
        <div className="approval-diff" aria-label={`Changes to ${diff.path}`}>
          <p>{diff.isNewFile ? `New file ${diff.path}` : `Changes to ${diff.path}`}</p>
          <DiffEditor
            height="220px"
            original={diff.before}
            modified={diff.after}
            originalModelPath={`approval/${approval.requestId}/before/${diff.path}`}
            modifiedModelPath={`approval/${approval.requestId}/after/${diff.path}`}
            keepCurrentOriginalModel
            keepCurrentModifiedModel
            onMount={(mounted) => {
              diffEditor.current = mounted;
            }}
            language={languageOf(diff.path)}
            theme={systemTheme() === "dark" ? "vs-dark" : "vs"}
            options={{ readOnly: true, renderSideBySide: false, minimap: { enabled: false }, scrollBeyondLastLine: false }}
          />
        </div>
      ) : (
        <pre className="tool-args">{JSON.stringify(approval.args, null, 2)}</pre>
      )}
      <div className="approval-buttons">
        <button type="button" className="primary" onClick={() => void answer(approval, { decision: "allow", remember: "once" })}>Allow once</button>
        {approval.alwaysAllowRule && (
          <button type="button" title={`Adds the rule ${approval.alwaysAllowRule} to this session's policy`} onClick={() => void answer(approval, { decision: "allow", remember: "session" })}>
            Always allow <code className="approval-rule">{approval.alwaysAllowRule}</code>
          </button>
        )}
        <button type="button" className="danger" onClick={() => void answer(approval, { decision: "deny", message: "The user denied this." })}>Deny</button>
      </div>
    </article>
  );
}

/** Every pending approval, newest last, with a system notification when the window is not focused. */
export function ApprovalsPanel() {
  const approvals = useApp((s) => s.approvals);
  const notified = useRef(new Set<string>());
  useEffect(() => {
    for (const approval of approvals) {
      if (notified.current.has(approval.requestId)) continue;
      notified.current.add(approval.requestId);
      if (document.hasFocus() || typeof Notification === "undefined") continue;
      const show = () => new Notification("A3S Box needs your approval", { body: `${approval.tool}: ${approval.reason}` });
      if (Notification.permission === "granted") show();
      else if (Notification.permission === "default") void Notification.requestPermission().then((p) => p === "granted" && show());
    }
  }, [approvals]);
  if (approvals.length === 0) return null;
  return (
    <section className="approvals" aria-label="Pending approvals">
      <h2>Pending approvals ({approvals.length})</h2>
      {approvals.map((approval) => <ApprovalCard key={approval.requestId} approval={approval} />)}
    </section>
  );
}
