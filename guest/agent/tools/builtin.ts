import { bashTool } from "./bash";
import { editTool } from "./edit";
import { globTool } from "./glob";
import { grepTool } from "./grep";
import { lsTool } from "./ls";
import { readTool } from "./read";
import { ToolRegistry } from "./registry";
import { writeTool } from "./write";

/** A registry holding the seven built-in tools. */
export function createBuiltinRegistry(): ToolRegistry {
  const registry = new ToolRegistry();
  registry.register(bashTool);
  registry.register(readTool);
  registry.register(writeTool);
  registry.register(editTool);
  registry.register(grepTool);
  registry.register(globTool);
  registry.register(lsTool);
  return registry;
}
