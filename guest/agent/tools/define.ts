import type { JSONSchemaType } from "ajv";
import type { JsonObject } from "../../../common/chunks";
import type { RunProcessOptions } from "../../../common/node/run-process";
import type { ToolProcessOutcome } from "../limits/tool-processes";
import type { Workspace } from "./workspace";

/** What every tool gets besides its arguments. */
export interface ToolContext {
  workspace: Workspace;
  /** The session's working directory, relative to the workspace root. */
  cwd: string;
  signal: AbortSignal;
  /** Runs a program as a process of this session's tools (in a box: under the box's limits). */
  runProcess(options: RunProcessOptions): Promise<ToolProcessOutcome>;
}

export interface ToolDefinition<Args = JsonObject> {
  name: string;
  /** Written for the model: what the tool does and when to use it. */
  description: string;
  /** JSON Schema of the arguments; the registry validates every call against it. */
  parameters: JSONSchemaType<Args> | Record<string, unknown>;
  /** Returns the text the model sees; throws for an error result. */
  execute(args: Args, context: ToolContext): Promise<string>;
}

/** Defines a tool once: name, description for the model, argument schema and behaviour. */
export function defineTool<Args>(definition: ToolDefinition<Args>): ToolDefinition<Args> {
  return definition;
}
