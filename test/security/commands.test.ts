// Hostile commands through the bash tool of the real agent process (on this host, so only
// cases that cannot hurt a shared machine: fork bombs and memory hogs need the box's cgroup
// limits, see docs/security.md). Each checks the agent still answers afterwards.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useAgentWithModels } from "../helpers/agent-process";
import { reply, toolCalls } from "../model-server/script";

const setup = useAgentWithModels();
let prompts = 0;

async function turn(calls: Array<{ name: string; args: Record<string, unknown> }>) {
  const prompt = `command attack ${++prompts}`;
  setup.models.scriptFor(prompt, toolCalls(calls), reply("done"));
  return (await setup.agent.client.generate(await setup.agent.client.createSession(), prompt)).toolResults;
}

afterEach(async () => {
  const [r] = await turn([{ name: "bash", args: { command: "echo alive" } }]);
  expect(r).toMatchObject({ isError: false, output: "alive\nexit code: 0" });
});

describe("commands", () => {
  it("cuts an output flood without holding it in memory", async () => {
    const [r] = await turn([{ name: "bash", args: { command: "head -c 200000000 /dev/zero | tr '\\0' y" } }]);
    expect(r!.output.length).toBeLessThan(40_000);
    expect(r!.output).toMatch(/output truncated: \d+ more characters not shown\]\nexit code: 0$/);
  }, 60_000);

  it("turns non-UTF-8 output into valid text", async () => {
    const [r] = await turn([{ name: "bash", args: { command: "printf 'ok \\377\\376 \\300\\200 end\\n'" } }]);
    expect(r!.isError).toBe(false);
    expect(r!.output).toBe("ok \uFFFD\uFFFD \uFFFD\uFFFD end\nexit code: 0");
  });

  it("runs a command line of 50 chained commands", async () => {
    const ops = ["&&", ";", "||", "|"];
    const line = Array.from({ length: 50 }, (_, i) => `echo step${i}`).reduce((acc, cmd, i) => `${acc} ${ops[i % 4]} ${cmd}`);
    const [r] = await turn([{ name: "bash", args: { command: line } }]);
    expect(r!.isError).toBe(false);
    expect(r!.output).toMatch(/^step\d+\n(step\d+\n)*exit code: 0$/);
    expect(r!.output).toContain("step49\n");
  });

  it("kills background children when a command is cancelled", async () => {
    const marker = join(setup.agent.workspace, "cancel-survivor");
    const prompt = "cancel me";
    setup.models.scriptFor(prompt, toolCalls([{ name: "bash", args: { command: `(sleep 1.5; touch ${marker}) & sleep 60` } }]), reply("done"));
    const session = await setup.agent.client.createSession();
    for await (const chunk of setup.agent.client.stream(session, prompt)) {
      if (chunk.type === "tool-call") await setup.agent.client.cancel(session);
    }
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(existsSync(marker)).toBe(false);
  });
});
