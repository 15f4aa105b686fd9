/**
 * A bash command line as permission rules see it: every simple command it would run,
 * wherever it sits (chains, pipelines, groups, functions, loops, substitutions, `bash -c`
 * scripts, eval), each with its words after quote removal and its program name normalised:
 * path stripped, wrappers (`command`, `env`, `exec`, `nice`, `nohup`, `time`, `timeout`,
 * `sudo`, `xargs`, …) looked through. What cannot be seen through is listed as hidden.
 */
import type { SyntaxNode, withBashTree as WithBashTree } from "./bash-parser";
import { literalWord } from "./shell-words";

/** The parser (its module holds both .wasm files, 2 MB) is loaded at the first command parsed, not at the agent's start. */
const withBashTree: typeof WithBashTree = async (source, use) => (await import("./bash-parser")).withBashTree(source, use);

export interface SimpleCommand {
  /** The words as the program receives them; a word known only at run time keeps its source text. */
  argv: string[];
  /** Every word is literal and nothing else is computed or changed: only such commands can be allowed. */
  literal: boolean;
}

export interface CommandLine {
  commands: SimpleCommand[];
  /** Parts whose commands are unknown until they run (a computed program name, a computed script, …). */
  hidden: string[];
}

interface Word {
  value: string | undefined;
  text: string;
}

interface Context {
  commands: SimpleCommand[];
  hidden: string[];
  depth: number;
}

const MAX_DEPTH = 8;
/** A program given by one of these paths is the program of that name, for allow rules too. */
const SYSTEM_DIRS = new Set(["/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin"]);
const SHELLS = new Set(["bash", "sh", "dash", "zsh", "ksh", "mksh", "ash"]);

/** The simple commands of a bash command line. */
export async function parseCommandLine(source: string): Promise<CommandLine> {
  const context: Context = { commands: [], hidden: [], depth: 0 };
  await analyze(source, context, true);
  return { commands: context.commands, hidden: [...new Set(context.hidden)] };
}

async function analyze(source: string, context: Context, literal: boolean): Promise<void> {
  if (context.depth > MAX_DEPTH) {
    context.hidden.push("shell scripts nested too deeply");
    return;
  }
  const joined = await joinContinuedLines(source);
  const scripts: Array<{ source: string; literal: boolean }> = [];
  await withBashTree(joined, (root) => {
    if (root.hasError) context.hidden.push("a part that does not parse");
    walk(root, context, literal, scripts);
  });
  for (const script of scripts) {
    context.depth++;
    await analyze(script.source, context, script.literal);
    context.depth--;
  }
}

/**
 * Bash removes a backslash-newline before it splits words (`r\⏎m` is `rm`); the grammar
 * does not, so do it first, outside single quotes, here-documents and comments.
 */
async function joinContinuedLines(source: string): Promise<string> {
  if (!source.includes("\\\n")) return source;
  const kept: Array<[number, number]> = [];
  await withBashTree(source, (root) => {
    const visit = (node: SyntaxNode) => {
      if (["raw_string", "ansi_c_string", "heredoc_body", "comment"].includes(node.type)) kept.push([node.startIndex, node.endIndex]);
      else for (const child of node.children) if (child) visit(child);
    };
    visit(root);
  });
  let out = "";
  for (let i = 0; i < source.length; i++) {
    if (source[i] === "\\" && source[i + 1] === "\n" && !kept.some(([a, b]) => i >= a && i < b)) {
      i++;
      continue;
    }
    if (source[i] === "\\") out += source[i++];
    out += source[i] ?? "";
  }
  return out;
}

type Scripts = Array<{ source: string; literal: boolean }>;

function walk(node: SyntaxNode, context: Context, literal: boolean, scripts: Scripts): void {
  switch (node.type) {
    case "command":
      command(node, context, literal, scripts);
      break;
    case "declaration_command":
    case "unset_command":
      // export, declare, local, readonly, unset: they change what later commands see.
      context.commands.push({ argv: node.children.filter(isNode).map((c) => c.text), literal: false });
      break;
    case "variable_assignment":
    case "variable_assignments":
      if (node.parent?.type !== "command" && node.parent?.type !== "declaration_command") {
        context.commands.push({ argv: [node.text], literal: false });
      }
      break;
  }
  for (const child of node.children) if (child) walk(child, context, literal, scripts);
}

function command(node: SyntaxNode, context: Context, literal: boolean, scripts: Scripts): void {
  const nameNode = node.childForFieldName("name")?.namedChildren[0];
  if (!nameNode) return;
  const words = [nameNode, ...node.childrenForFieldName("argument").filter(isNode)].map(word);
  const redirects = redirectsOf(node);
  const assigns = node.namedChildren.some((c) => c?.type === "variable_assignment");
  const plain = literal && !assigns && redirects.every((r) => r.literalTarget);
  const stdin = redirects.find((r) => r.stdin !== undefined)?.stdin;
  expand(words, plain, stdin, context, scripts);
}

interface RedirectInfo {
  literalTarget: boolean;
  /** What a here-string or here-document feeds the command, when literal. */
  stdin?: Word;
}

/** The command's own redirections and those of a redirected statement around it. */
function redirectsOf(node: SyntaxNode): RedirectInfo[] {
  const nodes = node.children.filter(isNode);
  const parent = node.parent;
  if (parent?.type === "redirected_statement" && parent.childForFieldName("body")?.id === node.id) {
    nodes.push(...parent.childrenForFieldName("redirect").filter(isNode));
  }
  const out: RedirectInfo[] = [];
  for (const r of nodes) {
    if (r.type === "file_redirect") {
      const targets = r.childrenForFieldName("destination").filter(isNode);
      out.push({ literalTarget: targets.every((t) => literalWord(t) !== undefined) });
    } else if (r.type === "herestring_redirect") {
      const value = r.namedChildren.filter(isNode).at(-1);
      out.push({ literalTarget: true, stdin: value ? word(value) : { value: undefined, text: r.text } });
    } else if (r.type === "heredoc_redirect") {
      const body = r.namedChildren.find((c) => c?.type === "heredoc_body");
      const nested = r.namedChildren.filter((c): c is SyntaxNode => c?.type === "file_redirect");
      for (const f of nested) out.push({ literalTarget: f.childrenForFieldName("destination").filter(isNode).every((t) => literalWord(t) !== undefined) });
      const text = body?.text ?? "";
      out.push({ literalTarget: true, stdin: { value: body && body.namedChildren.length > 0 ? undefined : text, text } });
    }
  }
  return out;
}

function word(node: SyntaxNode): Word {
  return { value: literalWord(node), text: node.text };
}

function isNode(node: SyntaxNode | null | undefined): node is SyntaxNode {
  return node !== null && node !== undefined;
}

/** Adds the command `words` run, looking through wrappers, shells and eval. */
function expand(words: Word[], literal: boolean, stdin: Word | undefined, context: Context, scripts: Scripts): void {
  for (;;) {
    const name = words[0];
    if (!name) return;
    if (name.value === undefined) {
      context.hidden.push(`a command name computed when it runs (${name.text})`);
      context.commands.push({ argv: words.map((w) => w.text), literal: false });
      return;
    }
    const program = name.value.slice(name.value.lastIndexOf("/") + 1);
    const dir = name.value.includes("/") ? name.value.slice(0, name.value.lastIndexOf("/")) || "/" : undefined;
    if (dir !== undefined && !SYSTEM_DIRS.has(dir)) literal = false;
    const unwrapped = unwrap(program, words);
    if (unwrapped?.script) {
      if (unwrapped.script.value === undefined) context.hidden.push(`env -S with a computed string (${unwrapped.script.text})`);
      else scripts.push({ source: unwrapped.script.value, literal: false });
      return;
    }
    if (unwrapped) {
      words = unwrapped.rest;
      if (!unwrapped.transparent) literal = false;
      if (unwrapped.dynamicArgs) words = [...(words.length > 0 ? words : [{ value: "echo", text: "echo" }]), { value: undefined, text: "…" }];
      continue;
    }
    if (SHELLS.has(program)) return shell(words, literal, stdin, context, scripts);
    if (program === "eval") {
      const args = words.slice(1);
      if (args.some((w) => w.value === undefined)) context.hidden.push("eval of a computed string");
      else scripts.push({ source: args.map((w) => w.value).join(" "), literal: false });
      context.commands.push({ argv: ["eval", ...args.map((w) => w.value ?? w.text)], literal: false });
      return;
    }
    if (program === "find") findExec(words, literal, context, scripts);
    context.commands.push({
      argv: [program, ...words.slice(1).map((w) => w.value ?? w.text)],
      literal: literal && words.every((w) => w.value !== undefined),
    });
    return;
  }
}

/** `bash -c SCRIPT` is the script; `bash FILE` is a program; a shell reading its input is hidden unless that input is literal. */
function shell(words: Word[], literal: boolean, stdin: Word | undefined, context: Context, scripts: Scripts): void {
  let i = 1;
  let commandMode = false;
  for (; i < words.length; i++) {
    const w = words[i]!.value;
    if (w === undefined) {
      if (commandMode) break;
      context.hidden.push(`a shell with computed options (${words[i]!.text})`);
      return;
    }
    if (w === "--" || w === "-") {
      i++;
      break;
    }
    if (w === "--rcfile" || w === "--init-file") i++;
    else if (w.startsWith("--")) continue;
    else if (/^[-+][a-zA-Z]+$/.test(w)) {
      if (w.startsWith("-") && w.includes("c")) commandMode = true;
      if (/[oO]/.test(w)) i++;
    } else break;
  }
  const script = words[i];
  if (commandMode) {
    if (!script) return;
    if (script.value === undefined) context.hidden.push(`a shell running a computed script (${script.text})`);
    else scripts.push({ source: script.value, literal });
    return;
  }
  if (script) {
    context.commands.push({ argv: words.map((w) => w.value ?? w.text), literal: literal && words.every((w) => w.value !== undefined) });
    return;
  }
  context.commands.push({ argv: words.map((w) => w.value ?? w.text), literal: false });
  if (stdin?.value !== undefined) scripts.push({ source: stdin.value, literal: false });
  else context.hidden.push("a shell reading commands from its input");
}

/** `find … -exec CMD {} ;` runs CMD. */
function findExec(words: Word[], literal: boolean, context: Context, scripts: Scripts): void {
  for (let i = 1; i < words.length; i++) {
    if (!["-exec", "-execdir", "-ok", "-okdir"].includes(words[i]!.value ?? "")) continue;
    const end = words.findIndex((w, j) => j > i && (w.value === ";" || w.value === "+"));
    const inner = words.slice(i + 1, end === -1 ? undefined : end);
    expand(inner, literal, undefined, context, scripts);
    if (end === -1) return;
    i = end;
  }
}

interface Unwrapped {
  rest: Word[];
  /** False when the wrapper changes who or what runs (sudo, env with assignments): never allowed by the inner command's rule. */
  transparent: boolean;
  /** xargs adds arguments read from its input. */
  dynamicArgs?: boolean;
  /** `env -S STRING` runs the command that STRING splits into. */
  script?: Word;
}

/** Options of each wrapper that take a value as the next word. */
const WRAPPERS: Record<string, { valued: string[]; transparent: boolean; stop?: string[] }> = {
  command: { valued: [], transparent: true, stop: ["-v", "-V"] },
  builtin: { valued: [], transparent: true },
  exec: { valued: ["-a"], transparent: true },
  nohup: { valued: [], transparent: true },
  time: { valued: [], transparent: true },
  setsid: { valued: [], transparent: true },
  busybox: { valued: [], transparent: true },
  nice: { valued: ["-n", "--adjustment"], transparent: true },
  timeout: { valued: ["-s", "--signal", "-k", "--kill-after"], transparent: true },
  stdbuf: { valued: ["-i", "-o", "-e", "--input", "--output", "--error"], transparent: true },
  env: { valued: ["-u", "--unset", "-C", "--chdir"], transparent: true },
  sudo: { valued: ["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T", "-R", "--user", "--group", "--host", "--prompt", "--chdir"], transparent: false },
  doas: { valued: ["-u", "-C"], transparent: false },
  xargs: { valued: ["-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s", "--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-chars", "--max-lines", "--process-slot-var"], transparent: false },
};

function unwrap(program: string, words: Word[]): Unwrapped | undefined {
  const spec = WRAPPERS[program];
  if (!spec) return undefined;
  let transparent = spec.transparent;
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i]!.value;
    if (w === undefined) break;
    if (spec.stop?.includes(w)) return undefined;
    if (w === "--") {
      i++;
      break;
    }
    if (program === "env" && (w === "-S" || w.startsWith("--split-string="))) {
      const split = w === "-S" ? words[i + 1] : { value: w.slice("--split-string=".length), text: w };
      return { rest: [], transparent: false, script: split ?? { value: "", text: "" } };
    }
    if (program === "env" && w === "-") continue;
    if (/^-\d+$/.test(w) && program === "nice") continue;
    if (w.startsWith("-") && w.length > 1) {
      if (spec.valued.includes(w)) i++;
      continue;
    }
    if ((program === "env" || program === "sudo") && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
      transparent = false;
      continue;
    }
    if (program === "timeout") i++;
    break;
  }
  return { rest: words.slice(i), transparent, ...(program === "xargs" ? { dynamicArgs: true } : {}) };
}
