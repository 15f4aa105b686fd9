import { useState } from "react";
import type { PermissionDecision, PermissionPolicy } from "../../common/session";

const lines = (rules: string[] | undefined) => (rules ?? []).join("\n");
const rulesOf = (text: string) => text.split("\n").map((r) => r.trim()).filter(Boolean);

/** Allow, ask and deny lists, one rule per line (`bash`, `bash(npm test*)`, `write(src/**)`). */
export function PolicyEditor({ policy, onSave, label }: { policy: PermissionPolicy; onSave: (p: PermissionPolicy) => void; label: string }) {
  const [allow, setAllow] = useState(lines(policy.allow));
  const [ask, setAsk] = useState(lines(policy.ask));
  const [deny, setDeny] = useState(lines(policy.deny));
  const [fallback, setFallback] = useState<PermissionDecision>(policy.default ?? "allow");
  return (
    <form
      className="policy-editor"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ allow: rulesOf(allow), ask: rulesOf(ask), deny: rulesOf(deny), default: fallback });
      }}
    >
      <label>Allow<textarea aria-label="Allow" value={allow} onChange={(e) => setAllow(e.target.value)} rows={4} /></label>
      <label>Ask<textarea aria-label="Ask" value={ask} onChange={(e) => setAsk(e.target.value)} rows={4} /></label>
      <label>Deny<textarea aria-label="Deny" value={deny} onChange={(e) => setDeny(e.target.value)} rows={4} /></label>
      <label>
        Any other tool
        <select aria-label="Any other tool" value={fallback} onChange={(e) => setFallback(e.target.value as PermissionDecision)}>
          <option value="allow">allow</option>
          <option value="ask">ask</option>
          <option value="deny">deny</option>
        </select>
      </label>
      <p className="hint">Deny wins over ask, ask over allow. Rules: a tool name, optionally with a pattern: bash(npm test*).</p>
      <button type="submit">Save policy</button>
    </form>
  );
}
