import { lstat } from "node:fs/promises";
import { writeFileAtomic } from "../../../common/node/atomic-file";
import { defineTool } from "./define";
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
  async execute({ file_path, content }, { workspace, cwd, signal }) {
    const path = workspace.resolve(file_path, cwd);
    const existing = await lstat(path).catch(() => undefined);
    const what = existing && !existing.isSymbolicLink() ? describeNonRegular(existing) : undefined;
    if (what) throw new Error(`${file_path} is ${what}, not a regular file; write only replaces regular files`);
    signal.throwIfAborted();
    await writeFileAtomic(path, content);
    return `Wrote ${Buffer.byteLength(content)} bytes to ${workspace.relative(path)}`;
  },
});
