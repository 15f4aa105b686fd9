/**
 * Turns what a model wrote into the JSON text inside it: `<think>…</think>` blocks are
 * dropped, a fenced block (```json … ```) is preferred, else the text from the first
 * `{` or `[`. Works on unfinished text too, for streaming.
 */
export function extractJsonText(text: string): string {
  const visible = stripThinking(text);
  const fence = /```(?:json|JSON)?[^\S\n]*\n?/.exec(visible);
  if (fence) {
    const body = visible.slice(fence.index + fence[0].length);
    const end = body.indexOf("```");
    return (end === -1 ? body : body.slice(0, end)).trim();
  }
  const start = visible.search(/[{[]/);
  if (start === -1) return visible.trim();
  const closing = visible[start] === "{" ? "}" : "]";
  const end = visible.lastIndexOf(closing);
  return (end > start ? visible.slice(start, end + 1) : visible.slice(start)).trim();
}

/** Removes reasoning blocks, including one still open at the end of unfinished text. */
export function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, "");
}
