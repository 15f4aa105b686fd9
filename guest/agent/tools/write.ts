import { writeFileAtomic } from "../../../common/node/atomic-file";
import { defineTool } from "./define";

export const writeTool = defineTool<{ file_path: string; content: string }>({
  name: "write",
  description: "Create or overwrite a file in the workspace with the given content. Parent folders are created as needed.",
  parameters: {
    type: "object",
    properties: { file_path: { type: "string", minLength: 1 }, content: { type: "string" } },
    required: ["file_path", "content"],
    additionalProperties: false,
  },
  async execute({ file_path, content }, { workspace, cwd }) {
    const path = workspace.resolve(file_path, cwd);
    await writeFileAtomic(path, content);
    return `Wrote ${Buffer.byteLength(content)} bytes to ${workspace.relative(path)}`;
  },
});
