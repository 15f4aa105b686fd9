// Bash permission rules tried as an attacker would, through the real agent process: every
// command string runs under two policies, and a command whose decision is not "allow" must
// not run. Each case names a file F the command creates or removes if it runs at all.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConfirmationRequest, ToolResult } from "../common/chunks";
import type { PermissionPolicy } from "../common/session";
import { useAgentWithModels } from "./helpers/agent-process";
import { reply, toolCalls } from "./model-server/script";

type Decision = "allow" | "deny" | "ask";

interface Case {
  /** The command; every F is replaced by the case's own file name. */
  command: string;
  /** What running the command does to F. */
  effect: "creates" | "removes";
  /** The decision under DENY_LIST and under ALLOW_LIST. */
  deny: Decision;
  allow: Decision;
}

/** Deny rules and a default of allow: every way of running rm or touch must be caught. */
const DENY_LIST: PermissionPolicy = { deny: ["bash(rm *)", "bash(touch *)"], default: "allow" };
/** Only an allow list, no default: anything else is asked (and denied here, nobody says yes). */
const ALLOW_LIST: PermissionPolicy = {
  allow: ["bash(echo *)", "bash(cat:*)", "bash(printf *)", "bash(ls:*)", "bash(true)", "bash(git status:*)"],
};

const rm = (command: string, deny: Decision = "deny", allow: Decision = "ask"): Case => ({ command, effect: "removes", deny, allow });
const mk = (command: string, deny: Decision, allow: Decision): Case => ({ command, effect: "creates", deny, allow });

const CASES: Case[] = [
  // The deny bypasses of the issue.
  rm("rm F"),
  rm("/bin/rm F"),
  rm("\\rm F"),
  rm("r''m F"),
  rm('"rm" F'),
  rm("rm\tF"),
  rm("$(echo rm) F", "ask"),
  rm("`echo rm` F", "ask"),
  rm("command rm F"),
  rm("env rm F"),
  rm("env -i PATH=/usr/bin:/bin rm F"),
  rm('bash -c "rm F"'),
  rm("sh -c 'rm F'"),
  rm('bash -c "echo ok; rm F"'),
  rm("echo F | xargs rm"),
  rm("exec rm F"),
  rm("nice -n 5 rm F"),
  rm("nohup rm F"),
  rm("time rm F"),
  rm("timeout 5 rm F"),
  rm("sudo -n rm F"),
  rm("rm -- F"),
  rm("find . -name F -exec rm {} \\;"),
  // Chains, newlines, groups, functions, control flow.
  rm("ls; rm F"),
  rm("ls && rm F"),
  rm("false || rm F"),
  rm("ls | rm F"),
  rm("ls & rm F"),
  rm("ls\nrm F"),
  rm("(rm F)"),
  rm("{ rm F; }"),
  rm("f() { rm F; }; f"),
  rm("if true; then rm F; fi"),
  rm("for i in 1; do rm F; done"),
  rm("while false; do :; done; rm F"),
  rm("case x in x) rm F;; esac"),
  // Substitutions and what feeds a shell.
  rm("echo $(rm F)"),
  rm('echo "$(rm F)"'),
  rm("echo `rm F`"),
  rm("cat <(rm F)"),
  rm("x=$(rm F)"),
  rm("cat <<EOF\n$(rm F)\nEOF"),
  rm('eval "rm F"'),
  rm('bash <<< "rm F"'),
  rm("echo rm F | bash", "ask"),
  rm("X=rm; $X F", "ask"),
  rm("{r,}m F", "ask"),
  rm("/bin/r? F", "ask"),
  rm("r\\\nm F"),
  // The allow bypass of the issue, and quoting the matcher must follow.
  mk("echo $'\\'' ; touch F #'", "deny", "ask"),
  mk("echo '$(touch x)' > F", "allow", "allow"),
  mk('echo "$(touch F)"', "deny", "ask"),
  mk("echo ok && touch F", "deny", "ask"),
  mk("echo ok; touch F", "deny", "ask"),
  mk("echo ok | touch F", "deny", "ask"),
  mk("echo \\; touch x > F", "allow", "allow"),
  mk('echo "a;b" > F', "allow", "allow"),
  mk("echo $'a\\tb' > F", "allow", "allow"),
  mk("echo $HOME > F", "allow", "ask"),
  mk("echo *.none > F", "allow", "ask"),
  mk("echo {a,b} > F", "allow", "ask"),
  mk("D=F; echo hi > $D", "allow", "ask"),
  mk("echo ok > F # ; rm F", "allow", "allow"),
  mk("true\n# a comment\necho ok > F", "allow", "allow"),
  mk("cat <<EOF > F\nhello\nEOF", "allow", "allow"),
  mk("cat <<EOF > F\n$(touch x)\nEOF", "deny", "ask"),
  mk("cat <<'EOF' > F\n$(touch x)\nEOF", "allow", "allow"),
  mk("ls; echo ok > F", "allow", "allow"),
  mk("ls -la > F", "allow", "allow"),
  mk("git status --short > F", "allow", "allow"),
  mk("git statusx > F", "allow", "ask"),
  mk('bash -c "echo ok > F"', "allow", "allow"),
  mk("CMD='touch F'; bash -c \"$CMD\"", "ask", "ask"),
  mk("printf '%s\\n' ok > F", "allow", "allow"),
  mk("echo ok | cat > F", "allow", "allow"),
  mk("(echo ok) > F", "allow", "allow"),
  mk("{ echo ok; } > F", "allow", "allow"),
  mk("f() { echo ok; }; f > F", "allow", "ask"),
  mk("[[ -n x ]] && echo ok > F", "allow", "allow"),
  mk("echo ok >F 2>&1", "allow", "allow"),
  mk('echo ok > F; echo "unclosed', "ask", "ask"),
];

const state = useAgentWithModels();

/** Runs every case under `policy` in one turn; returns each result and whether it was asked. */
async function runAll(policy: PermissionPolicy, prefix: string) {
  const id = await state.agent.client.createSession({ permissionPolicy: policy });
  const files = CASES.map((c, i) => {
    const name = `${prefix}${i}`;
    if (c.effect === "removes") writeFileSync(join(state.agent.workspace, name), "victim\n");
    return name;
  });
  state.models.script(toolCalls(CASES.map((c, i) => ({ name: "bash", args: { command: c.command.replace(/\bF\b/g, files[i]!) } }))), reply("done"));
  const asked = new Set<string>();
  const { toolResults } = await state.agent.client.generate(id, "go", {
    onConfirm: (request: ConfirmationRequest) => {
      asked.add(request.toolCallId);
      return { decision: "deny", message: "nobody said yes" };
    },
  });
  return CASES.map((c, i) => {
    const result = toolResults[i] as ToolResult;
    const present = existsSync(join(state.agent.workspace, files[i]!));
    const ran = c.effect === "creates" ? present : !present;
    const decision: Decision = asked.has(result.id) ? "ask" : (result.decision?.decision ?? "allow");
    return { command: c.command, decision, ran, decidedBy: result.decision?.decidedBy };
  });
}

function expectDecisions(results: Awaited<ReturnType<typeof runAll>>, column: "deny" | "allow") {
  const wrong = results.filter((r, i) => r.decision !== CASES[i]![column] || r.ran !== (CASES[i]![column] === "allow"));
  const lines = wrong.map((r) => {
    const expected = CASES[results.indexOf(r)]![column];
    return `${JSON.stringify(r.command)}: expected ${expected}, got ${r.decision} (${r.decidedBy})${r.ran ? ", and it ran" : ""}`;
  });
  expect(lines).toEqual([]);
}

// Two turns of 83 bash calls each: generous limits for a loaded 2-core machine.
describe("bash rules, parsed rather than split", { timeout: 300_000 }, () => {
  it(`has at least 60 command strings`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it("a deny list catches every way of writing the command, and nothing denied runs", async () => {
    expectDecisions(await runAll(DENY_LIST, "d"), "deny");
  });

  it("an allow list allows only fully literal, allowed commands; the rest is asked and does not run", async () => {
    expectDecisions(await runAll(ALLOW_LIST, "a"), "allow");
  });
});
