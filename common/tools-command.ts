/**
 * The tools command: a program a box starts at boot inside its tools' namespaces, e.g. a dev
 * server or a database its tools then use (docs/images.md: the image label
 * io.a3s.box.tools-command, the Box option toolsCommand, the agent's --tools-command).
 */

/** Its words together may hold at most this many characters (a label is hostile input). */
export const MAX_TOOLS_COMMAND_CHARS = 16 * 1024;

/** What is wrong with `argv` as a tools command (program first, then its arguments), or undefined. */
export function toolsCommandProblem(argv: unknown): string | undefined {
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((word) => typeof word === "string")) return "must be a non-empty list of strings (the program, then its arguments)";
  const words = argv as string[];
  if (words[0] === "") return "must name a program first, not an empty string";
  if (words.some((word) => word.includes("\0"))) return "may not hold NUL characters";
  if (words.reduce((sum, word) => sum + word.length, 0) > MAX_TOOLS_COMMAND_CHARS) return `is longer than ${MAX_TOOLS_COMMAND_CHARS} characters`;
  return undefined;
}
