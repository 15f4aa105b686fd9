// One real box for a test file, driven by the scripted model server: booted before the
// file's tests, stopped after them; `bash` runs commands with the agent's bash tool.
import { afterAll, beforeAll } from "vitest";
import type { ToolResult } from "../../common/chunks";
import { Box } from "../../runtime/box/box";
import type { BoxOptions } from "../../runtime/box/box-options";
import { ModelServer } from "../model-server/model-server";
import { reply, toolCalls } from "../model-server/script";

export interface BoxWithModels {
  readonly box: Box;
  /** Runs each command with the agent's bash tool in the box; their outputs, less a zero exit code's line. */
  bash(...commands: string[]): Promise<string[]>;
}

/** `before` runs first (e.g. to fill the workspace); `cleanup` after the box has stopped; `options` go to Box.create. */
export function useBoxWithModels(workspace: string, hooks: { before?: () => void; cleanup?: () => void } = {}, options: BoxOptions = {}): BoxWithModels {
  let box: Box | undefined;
  let models: ModelServer | undefined;
  beforeAll(async () => {
    hooks.before?.();
    models = await ModelServer.start();
    box = await Box.create({ ...options, workspace, env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-test" } });
  }, 20 * 60_000);
  afterAll(async () => {
    await box?.stop();
    await models?.stop();
    hooks.cleanup?.();
  });
  return {
    get box() {
      if (!box) throw new Error("the box is not booted yet");
      return box;
    },
    async bash(...commands) {
      models!.script(toolCalls(commands.map((command) => ({ name: "bash", args: { command, timeout_ms: 600_000 } }))), reply("done"));
      const session = await this.box.client.createSession();
      const result = await this.box.client.generate(session, "run these");
      return result.toolResults.map((r: ToolResult) => r.output.replace(/\n?exit code: 0$/, ""));
    },
  };
}
