import { open, stat } from "node:fs/promises";
import { defineTool } from "./define";

const MAX_READ_BYTES = 5 * 1024 * 1024;
const DEFAULT_LINE_LIMIT = 2000;
const MAX_LINE_CHARS = 2000;

export const readTool = defineTool<{ file_path: string; offset?: number; limit?: number }>({
  name: "read",
  description:
    "Read a text file from the workspace. Returns lines prefixed with their 1-based line numbers. " +
    `Use offset (first line, 1-based) and limit (default ${DEFAULT_LINE_LIMIT}) for long files. Binary files are refused.`,
  parameters: {
    type: "object",
    properties: {
      file_path: { type: "string", minLength: 1 },
      offset: { type: "integer", minimum: 1, nullable: true },
      limit: { type: "integer", minimum: 1, nullable: true },
    },
    required: ["file_path"],
    additionalProperties: false,
  },
  async execute({ file_path, offset = 1, limit = DEFAULT_LINE_LIMIT }, { workspace, cwd }) {
    const path = workspace.resolve(file_path, cwd);
    const info = await stat(path);
    if (info.isDirectory()) throw new Error(`${file_path} is a directory; use ls to list it`);
    if (info.size > MAX_READ_BYTES) {
      throw new Error(`${file_path} is too large to read (${info.size} bytes, limit ${MAX_READ_BYTES}); use grep or bash (head, sed) instead`);
    }
    const text = await readText(path, file_path);
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    const shown = lines.slice(offset - 1, offset - 1 + limit);
    const width = String(offset + shown.length - 1).length;
    const body = shown
      .map((line, i) => {
        const clipped = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… [line truncated]` : line;
        return `${String(offset + i).padStart(width)}\t${clipped}`;
      })
      .join("\n");
    const rest = lines.length - (offset - 1 + shown.length);
    if (lines.length === 0) return `(${file_path} is empty)`;
    if (shown.length === 0) return `(${file_path} has only ${lines.length} lines; offset ${offset} is past the end)`;
    return rest > 0 ? `${body}\n… [${rest} more lines; read on with offset ${offset + shown.length}]` : body;
  },
});

async function readText(path: string, shownAs: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const bytes = await handle.readFile();
    if (bytes.subarray(0, 8192).includes(0)) throw new Error(`${shownAs} is a binary file; read refuses binary files`);
    return bytes.toString("utf8");
  } finally {
    await handle.close();
  }
}
