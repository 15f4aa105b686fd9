/**
 * Splits a shell command line into the simple commands it chains (`a && b`, `a; b`,
 * `a | b`, `a & b`, newlines), honouring quotes, so that an allow rule such as
 * `bash(npm test*)` cannot be stretched over `npm test; rm -rf ~`.
 */
export interface ShellSegments {
  segments: string[];
  /** `$(...)`, backticks or `<(...)`: text the segments do not show runs too. */
  hasSubstitution: boolean;
}

const OPERATORS = ["&&", "||", ";;", ";", "|&", "|", "&", "\n"];

export function splitShellCommand(command: string): ShellSegments {
  const segments: string[] = [];
  let current = "";
  let quote: "'" | '"' | null = null;
  let hasSubstitution = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote === "'") {
      current += ch;
      if (ch === "'") quote = null;
      continue;
    }
    if (ch === "\\" && i + 1 < command.length) {
      current += ch + command[i + 1]!;
      i++;
      continue;
    }
    if (ch === "`" || ((ch === "$" || ch === "<" || ch === ">") && command[i + 1] === "(")) hasSubstitution = true;
    if (quote === '"') {
      current += ch;
      if (ch === '"') quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
      continue;
    }
    const op = OPERATORS.find((o) => command.startsWith(o, i));
    if (op) {
      segments.push(current);
      current = "";
      i += op.length - 1;
      continue;
    }
    current += ch;
  }
  segments.push(current);
  return { segments: segments.map((s) => s.trim()).filter((s) => s !== ""), hasSubstitution };
}
