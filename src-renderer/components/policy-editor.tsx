import { useState } from "react";
import type { PermissionDecision, PermissionPolicy } from "../../common/session";

const lines = (rules: string[] | undefined) => (rules ?? []).join("\n");
const rulesOf = (text: string) => text.split("\n").map((r) => r.trim()).filter(Boolean);

/** Allow, ask, deny and always-allowed lists, one rule per line (`bash`, `bash(npm test *)`, `write(src/**)`). */
export function PolicyEditor({ policy, onSave, label }: { policy: PermissionPolicy; onSave: (p: PermissionPolicy) => void; label: string }) {
  const [allow, setAllow] = useState(lines(policy.allow));
  const [ask, setAsk] = useState(lines(policy.ask));
  const [deny, setDeny] = useState(lines(policy.deny));
  const [remembered, setRemembered] = useState(lines(policy.remembered));
  const hasRules = [policy.allow, policy.ask, policy.deny, policy.remembered].some((list) => (list ?? []).length > 0);
  const [fallback, setFallback] = useState<PermissionDecision>(policy.default ?? (hasRules ? "ask" : "allow"));
  return (
    <form
      className="policy-editor"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ allow: rulesOf(allow), ask: rulesOf(ask), deny: rulesOf(deny), remembered: rulesOf(remembered), default: fallback });
      }}
    >
      <label>Allow<textarea aria-label="Allow" value={allow} onChange={(e) => setAllow(e.target.value)} rows={4} /></label>
      <label>Ask<textarea aria-label="Ask" value={ask} onChange={(e) => setAsk(e.target.value)} rows={4} /></label>
      <label>Deny<textarea aria-label="Deny" value={deny} onChange={(e) => setDeny(e.target.value)} rows={4} /></label>
      <label>Always allowed (from approvals)<textarea aria-label="Always allowed" value={remembered} onChange={(e) => setRemembered(e.target.value)} rows={3} /></label>
      <label>
        Any other tool
        <select aria-label="Any other tool" value={fallback} onChange={(e) => setFallback(e.target.value as PermissionDecision)}>
          <option value="allow">allow</option>
          <option value="ask">ask</option>
          <option value="deny">deny</option>
        </select>
      </label>
      <p className="hint">Deny wins over always allowed, always allowed over ask, ask over allow. Rules: a tool or skill name, optionally with a pattern: bash(npm test *), bash(git commit:*), write(src/**).</p>
      <button type="submit">Save policy</button>
    </form>
  );
}
