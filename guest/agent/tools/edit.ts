import { writeFileAtomic } from "../../../common/node/atomic-file";
import { defineTool } from "./define";
import { looksBinary, readRegularFile } from "./read-file";

const MAX_EDIT_BYTES = 5 * 1024 * 1024;

export const editTool = defineTool<{ file_path: string; old_string: string; new_string: string; replace_all?: boolean }>({
  name: "edit",
  description:
    "Replace text in a file. old_string must occur exactly once unless replace_all is true; " +
    "include enough surrounding lines to make it unique.",
  parameters: {
    type: "object",
    properties: {
      file_path: { type: "string", minLength: 1 },
      old_string: { type: "string", minLength: 1 },
      new_string: { type: "string" },
      replace_all: { type: "boolean", nullable: true },
    },
    required: ["file_path", "old_string", "new_string"],
    additionalProperties: false,
  },
  async execute({ file_path, old_string, new_string, replace_all = false }, { workspace, cwd, signal }) {
    const path = workspace.resolveReal(file_path, cwd);
    const bytes = await readRegularFile(workspace, path, file_path, {
      maxBytes: MAX_EDIT_BYTES,
      tooLarge: (size) => `${file_path} is too large to edit (${size} bytes, limit ${MAX_EDIT_BYTES}); use bash (sed) instead`,
      signal,
    });
    if (looksBinary(bytes)) throw new Error(`${file_path} is a binary file; edit refuses binary files`);
    const before = bytes.toString("utf8");
    const count = before.split(old_string).length - 1;
    const after = applyEdit(before, { old_string, new_string, replace_all }, file_path);
    signal.throwIfAborted();
    await writeFileAtomic(path, after);
    return `Edited ${workspace.relative(path)}: ${replace_all ? count : 1} replacement${count > 1 && replace_all ? "s" : ""}`;
  },
});

/** The file's text after the edit; throws when old_string is missing or, without replace_all, not unique. */
export function applyEdit(before: string, { old_string, new_string, replace_all = false }: { old_string: string; new_string: string; replace_all?: boolean }, file_path: string): string {
  const count = before.split(old_string).length - 1;
  if (count === 0) throw new Error(`old_string was not found in ${file_path}; read the file and copy the text exactly`);
  if (count > 1 && !replace_all) {
    throw new Error(`old_string occurs ${count} times in ${file_path}; add surrounding lines to make it unique, or set replace_all`);
  }
  return replace_all ? before.split(old_string).join(new_string) : before.replace(old_string, () => new_string);
}
