import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { defineTool } from "./define";

const MAX_ENTRIES = 1000;

export const lsTool = defineTool<{ path?: string }>({
  name: "ls",
  description: "List a folder of the workspace (default: the working directory): each entry with its type and size in bytes.",
  parameters: {
    type: "object",
    properties: { path: { type: "string", nullable: true } },
    additionalProperties: false,
  },
  async execute({ path = "." }, { workspace, cwd, signal }) {
    const folder = workspace.resolve(path, cwd);
    signal.throwIfAborted();
    const names = (await readdir(folder)).sort();
    const lines = await Promise.all(
      names.slice(0, MAX_ENTRIES).map(async (name) => {
        const info = await lstat(join(folder, name));
        const type = info.isDirectory() ? "dir" : info.isSymbolicLink() ? "symlink" : info.isFile() ? "file" : "other";
        return `${type}\t${info.isFile() ? info.size : "-"}\t${name}${type === "dir" ? "/" : ""}`;
      }),
    );
    signal.throwIfAborted();
    if (names.length === 0) return `(${workspace.relative(folder)} is empty)`;
    const more = names.length > MAX_ENTRIES ? `\n… [${names.length - MAX_ENTRIES} more entries]` : "";
    return `${lines.join("\n")}${more}`;
  },
});
