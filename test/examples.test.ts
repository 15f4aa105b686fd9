// Every example, run as `tsx examples/<file>.ts` against a real agent with a scripted model.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { useAgentWithModels } from "./helpers/agent-process";
import { reply, toolCalls } from "./model-server/script";

const run = promisify(execFile);
const setup = useAgentWithModels();

async function example(name: string): Promise<string> {
  const file = join(import.meta.dirname, "../examples", `${name}.ts`);
  const { stdout } = await run(process.execPath, ["--import", "tsx", file], {
    env: { ...process.env, A3S_SERVER_ADDRESS: setup.agent.address },
    timeout: 30_000,
  });
  return stdout;
}

it("basic", async () => {
  setup.models.script(reply("A microVM is a tiny virtual machine.", { usage: { input: 12, output: 9 } }));
  const out = await example("basic");
  expect(out).toMatch(/^agent 0\.1\.0, \d+ sessions\n/);
  expect(out).toContain("A microVM is a tiny virtual machine.\nfinish: stop, tokens in/out: 12/9\n");
});

it("streaming", async () => {
  setup.models.script(reply(["Walls ", "of ", "light"], { reasoning: ["hm"], usage: { input: 3, output: 7 } }));
  expect(await example("streaming")).toBe("(hm)Walls of light\n[finish: stop, 7 output tokens]\n");
});

it("structured-object", async () => {
  setup.models.script(
    reply('{"title": "Pancakes", "minutes": 15, "ingredients": ["flour", "milk", "egg"]}', { usage: { input: 5, output: 30 } }),
    reply(['{"title": "Ome', 'lette", "minutes": 5, "ingredients": ["egg"]}']),
  );
  const out = await example("structured-object");
  expect(out).toContain("Pancakes: 15 min, flour, milk, egg (30 tokens)\n");
  expect(out).toContain('partial: {"title":"Ome"}\n');
  expect(out).toContain('final: {"title":"Omelette","minutes":5,"ingredients":["egg"]}\n');
});

it("tool-calling", async () => {
  setup.models.script(
    toolCalls([{ name: "write", args: { file_path: "hello.txt", content: "hello" } }]),
    toolCalls([{ name: "ls", args: {} }]),
    reply("Done: hello.txt is there."),
  );
  const out = await example("tool-calling");
  expect(out).toContain('→ write {"file_path":"hello.txt","content":"hello"}\n← write: Wrote 5 bytes to hello.txt\n');
  expect(out).toContain("← ls: file\t5\thello.txt\n");
  expect(out).toContain("Done: hello.txt is there.\n[stop]\n");
  expect(readFileSync(join(setup.agent.workspace, "hello.txt"), "utf8")).toBe("hello");
});

it("the design's overview snippet", async () => {
  setup.models.reset();
  setup.models.script(
    reply("print('hello, world')"),
    reply('{"name": "Ada", "age": 36}'),
  );
  const out = await example("design-overview");
  expect(out).toContain("print('hello, world')\n");
  expect(out).toContain("{ name: 'Ada', age: 36 }\n");
  expect(setup.models.requests[0]!.body["system"]).toContain("You are a helpful coding assistant.");
});

it("the design's TypeScript SDK snippet", async () => {
  setup.models.reset();
  setup.models.script(
    reply("Hi there."),
    reply(["A closure ", "keeps its scope."]),
    reply('{"title": "Write docs", "priority": "high"}'),
  );
  const out = await example("design-typescript-sdk");
  expect(out).toBe('Hi there.\nA closure keeps its scope.\n{"title":"Write docs","priority":"high"}\n');
  const first = setup.models.requests[0]!;
  expect(first.path).toBe("/v1/messages");
  expect(first.body["model"]).toBe("claude-sonnet-4-20250514");
  expect(first.body["system"]).toContain("You are a helpful assistant.");
});
