import { glob } from "tinyglobby";
import { defineTool } from "./define";
import { looksBinary, readRegularFile } from "./read-file";
import type { Workspace } from "./workspace";

export const MAX_GREP_MATCHES = 200;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_LINE_CHARS = 500;

export const grepTool = defineTool<{ pattern: string; path?: string; glob?: string; ignore_case?: boolean }>({
  name: "grep",
  description:
    `Search file contents with a JavaScript regular expression. Prints file:line:text, at most ${MAX_GREP_MATCHES} matches. ` +
    "Restrict files with glob (e.g. \"**/*.ts\"). Binary and very large files are skipped.",
  parameters: {
    type: "object",
    properties: {
      pattern: { type: "string", minLength: 1 },
      path: { type: "string", nullable: true },
      glob: { type: "string", nullable: true },
      ignore_case: { type: "boolean", nullable: true },
    },
    required: ["pattern"],
    additionalProperties: false,
  },
  async execute({ pattern, path = ".", glob: filter = "**/*", ignore_case = false }, { workspace, cwd, signal }) {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, ignore_case ? "i" : "");
    } catch (err) {
      throw new Error(`invalid regular expression: ${(err as Error).message}`);
    }
    if (filter.split("/").includes("..") || filter.startsWith("/")) throw new Error(`glob "${filter}" must stay inside the searched folder`);
    const folder = workspace.resolve(path, cwd);
    const files = (await glob(filter, { cwd: folder, signal, dot: true, followSymbolicLinks: false, ignore: ["**/.git/**", "**/node_modules/**"] })).sort();
    signal.throwIfAborted();
    const matches: string[] = [];
    let total = 0;
    for (const file of files) {
      signal.throwIfAborted();
      const text = await readSearchable(workspace, `${folder}/${file}`, signal);
      if (text === undefined) continue;
      text.split("\n").forEach((line, i) => {
        if (!regex.test(line)) return;
        total += 1;
        if (matches.length < MAX_GREP_MATCHES) {
          matches.push(`${file}:${i + 1}:${line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line}`);
        }
      });
    }
    if (total === 0) return `No matches for /${pattern}/`;
    return total > matches.length ? `${matches.join("\n")}\n… [${total - matches.length} more matches]` : matches.join("\n");
  },
});

/** The text of a file worth searching; undefined for anything else: not a regular text file within the cap, unreadable, or outside. */
async function readSearchable(workspace: Workspace, path: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    const bytes = await readRegularFile(workspace, path, path, { maxBytes: MAX_FILE_BYTES, tooLarge: () => "too large", signal });
    return looksBinary(bytes) ? undefined : bytes.toString("utf8");
  } catch {
    signal.throwIfAborted();
    return undefined;
  }
}
