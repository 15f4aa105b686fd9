// Every file tool honours a cancelled signal: it stops with an abort and changes nothing.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { runProcess } from "../../../common/node/run-process";
import { bashTool } from "./bash";
import type { ToolDefinition } from "./define";
import { editTool } from "./edit";
import { globTool } from "./glob";
import { grepTool } from "./grep";
import { lsTool } from "./ls";
import { readTool } from "./read";
import { writeTool } from "./write";
import { Workspace } from "./workspace";

const root = realpathSync(mkdtempSync(join(tmpdir(), "a3s-cancel-")));
writeFileSync(join(root, "a.txt"), "alpha\n");
const workspace = new Workspace(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const calls: Array<[ToolDefinition<never>, Record<string, unknown>]> = [
  [readTool as never, { file_path: "a.txt" }],
  [editTool as never, { file_path: "a.txt", old_string: "alpha", new_string: "beta" }],
  [writeTool as never, { file_path: "b.txt", content: "x" }],
  [grepTool as never, { pattern: "alpha" }],
  [globTool as never, { pattern: "*" }],
  [lsTool as never, {}],
  [bashTool as never, { command: "touch c.txt" }],
];

it.each(calls.map(([tool, args]) => ({ name: tool.name, tool, args })))("$name stops at once when the turn is already cancelled", async ({ tool, args }) => {
  const controller = new AbortController();
  controller.abort();
  await expect(tool.execute(args as never, { workspace, cwd: "", signal: controller.signal, runProcess })).rejects.toThrow();
  expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("alpha\n");
  expect(existsSync(join(root, "b.txt"))).toBe(false);
  expect(existsSync(join(root, "c.txt"))).toBe(false);
});
