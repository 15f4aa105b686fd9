import { Ajv, type ValidateFunction } from "ajv";
import type { ToolCall, ToolResult } from "../../../common/chunks";
import { A3sError } from "../../../common/errors";
import { describeSchemaErrors } from "../schema/describe-errors";
import type { ToolContext, ToolDefinition } from "./define";
import { truncateText } from "../../../common/node/output-cap";
import { MAX_TOOL_OUTPUT_CHARS } from "./output-limit";

/** A tool as providers describe it to the model. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

interface RegisteredTool {
  definition: ToolDefinition<never>;
  validate: ValidateFunction;
  source: string;
}

/**
 * The tools a session can call. Validation of arguments, truncation of output and turning
 * thrown errors into error results happen here, once, for every tool.
 */
export class ToolRegistry {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly tools = new Map<string, RegisteredTool>();

  register<Args>(definition: ToolDefinition<Args>, source = "builtin"): void {
    if (this.tools.has(definition.name)) throw new Error(`tool ${definition.name} is already registered`);
    const validate = this.ajv.compile(definition.parameters);
    this.tools.set(definition.name, { definition: definition as unknown as ToolDefinition<never>, validate, source });
  }

  unregister(name: string): void {
    this.tools.delete(name);
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  specs(): ToolSpec[] {
    return [...this.tools.values()].map(({ definition }) => ({
      name: definition.name,
      description: definition.description,
      parameters: definition.parameters as Record<string, unknown>,
    }));
  }

  list(): Array<ToolSpec & { source: string }> {
    return [...this.tools.values()].map((tool) => ({
      name: tool.definition.name,
      description: tool.definition.description,
      parameters: tool.definition.parameters as Record<string, unknown>,
      source: tool.source,
    }));
  }

  /** Runs one call; never throws: failures come back as error results the model can act on. */
  async run(call: ToolCall, context: ToolContext): Promise<ToolResult> {
    const result = (output: string, isError: boolean): ToolResult => ({
      id: call.id,
      name: call.name,
      output: truncateText(output, MAX_TOOL_OUTPUT_CHARS),
      isError,
    });
    const tool = this.tools.get(call.name);
    if (!tool) return result(`Unknown tool "${call.name}". Available tools: ${[...this.tools.keys()].join(", ")}.`, true);
    if (!tool.validate(call.args)) {
      return result(`Invalid arguments for ${call.name}: ${describeSchemaErrors(tool.validate.errors ?? [])}`, true);
    }
    try {
      return result(await tool.definition.execute(call.args as never, context), false);
    } catch (err) {
      if (context.signal.aborted) return result("Cancelled.", true);
      return result(`Error: ${A3sError.from(err).message}`, true);
    }
  }
}
