import { bashTool } from "./bash";
import { editTool } from "./edit";
import { generateImageTool } from "./generate-image";
import { globTool } from "./glob";
import { grepTool } from "./grep";
import { lsTool } from "./ls";
import { readTool } from "./read";
import { ToolRegistry } from "./registry";
import { writeTool } from "./write";

/** A registry holding the built-in tools; `env` holds the providers' base URLs (and, outside a box, keys). */
export function createBuiltinRegistry(env: Readonly<Record<string, string | undefined>>): ToolRegistry {
  const registry = new ToolRegistry();
  registry.register(bashTool);
  registry.register(readTool);
  registry.register(writeTool);
  registry.register(editTool);
  registry.register(grepTool);
  registry.register(globTool);
  registry.register(lsTool);
  registry.register(generateImageTool(env));
  return registry;
}
