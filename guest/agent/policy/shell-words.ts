/**
 * What one word of a parsed bash command becomes before the program sees it: quotes removed,
 * escapes applied. A word whose value is only known when it runs (an expansion, a
 * substitution, a glob, a brace expansion, `~`) has no literal value.
 */
import type { SyntaxNode } from "./bash-parser";

/** The word's value after quote removal, or undefined when it is not fully literal. */
export function literalWord(node: SyntaxNode): string | undefined {
  switch (node.type) {
    case "word":
      return unquotedWord(node.text);
    case "number":
      return node.text;
    case "raw_string":
      return node.text.slice(1, -1);
    case "ansi_c_string":
      return ansiC(node.text.slice(2, -1));
    case "string":
    case "translated_string": {
      if (node.namedChildren.some((child) => child?.type !== "string_content")) return undefined;
      const open = node.type === "string" ? 1 : 2;
      return doubleQuoted(node.text.slice(open, -1));
    }
    case "concatenation": {
      // A brace expansion spans several parts: `{a,b}` is `{`, `a,b`, `}`.
      if (/(^|[^\\])\{[^}]*(,|\.\.)[^}]*\}/.test(unquotedText(node))) return undefined;
      let value = "";
      for (const part of node.children) {
        const v = part ? literalWord(part) : undefined;
        if (v === undefined) return undefined;
        value += v;
      }
      return value;
    }
    default:
      return undefined;
  }
}

/** The text of a concatenation's unquoted parts, quoted parts blanked out. */
function unquotedText(node: SyntaxNode): string {
  return node.children.map((part) => (part?.type === "word" ? part.text : " ")).join("");
}

const GLOB = /[*?[]/;

function unquotedWord(text: string): string | undefined {
  if (text.startsWith("~")) return undefined;
  let value = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\\") {
      const next = text[++i];
      if (next !== undefined && next !== "\n") value += next;
      continue;
    }
    if (GLOB.test(ch)) return undefined;
    if (ch === "{" && /^\{[^}]*(,|\.\.)[^}]*\}/.test(text.slice(i))) return undefined;
    value += ch;
  }
  return value;
}

/** Inside "…", a backslash escapes only $ ` " \ and a newline. */
function doubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_, ch: string) => (ch === "\n" ? "" : ch));
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
  "\\": "\\", "'": "'", '"': '"', "?": "?",
};

/** Bash's $'…' escapes. */
function ansiC(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (whole, esc: string) => {
    const head = esc[0]!;
    if (head === "x" || head === "u" || head === "U") return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/[0-7]/.test(head)) return String.fromCharCode(parseInt(esc, 8) & 0xff);
    if (head === "c" && esc.length === 2) return String.fromCharCode(esc.charCodeAt(1) & 0x1f);
    return SIMPLE_ESCAPES[head] ?? whole;
  });
}
