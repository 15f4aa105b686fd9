import { defineTool } from "./define";
import { looksBinary, readRegularFile } from "./read-file";

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
  async execute({ file_path, offset = 1, limit = DEFAULT_LINE_LIMIT }, { workspace, cwd, signal }) {
    const bytes = await readRegularFile(workspace, workspace.resolveReal(file_path, cwd), file_path, {
      maxBytes: MAX_READ_BYTES,
      tooLarge: (size) => `${file_path} is too large to read (${size} bytes, limit ${MAX_READ_BYTES}); use grep or bash (head, sed) instead`,
      signal,
    });
    if (looksBinary(bytes)) throw new Error(`${file_path} is a binary file; read refuses binary files`);
    const text = bytes.toString("utf8");
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

