import { lstat } from "node:fs/promises";
import { glob } from "tinyglobby";
import { defineTool } from "./define";

export const MAX_GLOB_RESULTS = 200;

export const globTool = defineTool<{ pattern: string; path?: string }>({
  name: "glob",
  description: `Find files by glob pattern (e.g. "src/**/*.ts"), newest first, at most ${MAX_GLOB_RESULTS}. Paths are relative to the searched folder.`,
  parameters: {
    type: "object",
    properties: { pattern: { type: "string", minLength: 1 }, path: { type: "string", nullable: true } },
    required: ["pattern"],
    additionalProperties: false,
  },
  async execute({ pattern, path = "." }, { workspace, cwd, signal }) {
    const folder = workspace.resolve(path, cwd);
    if (pattern.split("/").includes("..") || pattern.startsWith("/")) {
      throw new Error(`pattern "${pattern}" must stay inside the searched folder (no "..", not absolute)`);
    }
    const files = await glob(pattern, { cwd: folder, signal, dot: true, followSymbolicLinks: false, ignore: ["**/.git/**", "**/node_modules/**"] });
    const dated = await Promise.all(files.map(async (file) => ({ file, mtime: (await lstat(`${folder}/${file}`)).mtimeMs })));
    signal.throwIfAborted();
    dated.sort((a, b) => b.mtime - a.mtime || a.file.localeCompare(b.file));
    if (dated.length === 0) return `No files match ${pattern}`;
    const shown = dated.slice(0, MAX_GLOB_RESULTS).map((d) => d.file);
    const more = dated.length > MAX_GLOB_RESULTS ? `\n… [${dated.length - MAX_GLOB_RESULTS} more matches]` : "";
    return `${shown.join("\n")}${more}`;
  },
});
