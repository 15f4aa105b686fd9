import { lstat } from "node:fs/promises";
import { writeFileAtomic } from "../../../common/node/atomic-file";
import { defineTool, type ToolContext } from "./define";
import { asProtectedPathError } from "./protected-paths";
import { describeNonRegular } from "./read-file";

export const writeTool = defineTool<{ file_path: string; content: string }>({
  name: "write",
  description: "Create or overwrite a file in the workspace with the given content. Parent folders are created as needed.",
  parameters: {
    type: "object",
    properties: { file_path: { type: "string", minLength: 1 }, content: { type: "string" } },
    required: ["file_path", "content"],
    additionalProperties: false,
  },
  async execute({ file_path, content }, context) {
    const written = await writeWorkspaceFile(file_path, content, context);
    return `Wrote ${Buffer.byteLength(content)} bytes to ${written}`;
  },
});

/**
 * Writes a whole file of the workspace as the file tools do: the path confined (protected
 * paths refused), only a regular file replaced, all or nothing (temp file + rename).
 * Returns the path relative to the workspace.
 */
export async function writeWorkspaceFile(filePath: string, content: string | Uint8Array, { workspace, cwd, signal }: ToolContext): Promise<string> {
  const path = workspace.resolveForWrite(filePath, cwd);
  const existing = await lstat(path).catch(() => undefined);
  const what = existing && !existing.isSymbolicLink() ? describeNonRegular(existing) : undefined;
  if (what) throw new Error(`${filePath} is ${what}, not a regular file; write only replaces regular files`);
  signal.throwIfAborted();
  await writeFileAtomic(path, content).catch((err: unknown) => {
    throw asProtectedPathError(err, filePath);
  });
  return workspace.relative(path);
}
