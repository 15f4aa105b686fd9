// Skills through the real client and agent process: loaded, listed, activated, each backend
// really invoked by a model's tool call, unloaded, and persisted across a restart.
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { A3sError } from "../common/errors";
import { startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

let models: ModelServer;
let agent: AgentProcess;
let http: Server;
let httpUrl: string;
const httpBodies: string[] = [];
const bin = tempDir("a3s-skill-bin-");
const stateDir = tempDir("a3s-skill-state-");

const skill = (name: string, tools: string, body = `Instructions of ${name}.`) =>
  `---\nname: ${name}\ndescription: The ${name} skill for tests.\nallowed-tools: bash(echo skill*)\ntools:\n${tools}\n---\n${body}\n`;
const tool = (name: string, backend: string) =>
  `  - name: ${name}\n    description: ${name} for tests\n    parameters: { type: object, properties: { text: { type: string } }, required: [text] }\n    backend: ${backend}`;

beforeAll(async () => {
  models = await ModelServer.start();
  http = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d)).on("end", () => {
      httpBodies.push(body);
      res.end(`http got ${(JSON.parse(body) as { text: string }).text}`);
    });
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}/tool`;
  writeFileSync(join(bin.path, "upper"), "#!/bin/sh\nprintf 'binary got '; tr a-z A-Z\n");
  chmodSync(join(bin.path, "upper"), 0o755);
  agent = await startAgent({ env: models.env(), stateDir: stateDir.path });
});

afterAll(async () => {
  await agent?.stop();
  await models?.stop();
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
  bin.remove();
  stateDir.remove();
});

beforeEach(() => models.reset());

async function callTool(name: string, args: Record<string, unknown>) {
  const id = await agent.client.createSession();
  models.script(toolCalls([{ name, args }]), reply("done"));
  return { id, result: (await agent.client.generate(id, "use the skill")).toolResults[0]! };
}

describe("skills", () => {
  it("lists the built-in skills and tools", async () => {
    const { skills, tools } = await agent.client.listSkills();
    expect(skills.filter((s) => s.builtin).map((s) => s.name)).toEqual(["database-query", "run-code", "web-fetch"]);
    expect(tools.map((t) => [t.name, t.source])).toEqual(
      expect.arrayContaining([["bash", "builtin"], ["skill", "builtin"], ["fetch_url", "skill:web-fetch"], ["run_python", "skill:run-code"]]),
    );
  });

  it("loads a skill whose binary, http and script backends the model then calls for real", async () => {
    const info = await agent.client.loadSkill(
      "test-backends",
      skill("test-backends", [
        tool("shout", `{ type: binary, path: ${join(bin.path, "upper")} }`),
        tool("post_it", `{ type: http, url: "${httpUrl}" }`),
        tool("py_len", `{ type: script, interpreter: python3, source: "import json,sys; print('script got', len(json.load(sys.stdin)['text']))" }`),
      ].join("\n")),
    );
    expect(info).toEqual({ name: "test-backends", description: "The test-backends skill for tests.", tools: ["shout", "post_it", "py_len"], builtin: false });

    expect((await callTool("shout", { text: "hi" })).result).toMatchObject({ isError: false, output: 'binary got {"TEXT":"HI"}' });
    expect((await callTool("post_it", { text: "hello" })).result).toMatchObject({ isError: false, output: "http got hello" });
    expect(httpBodies.at(-1)).toBe('{"text":"hello"}');
    expect((await callTool("py_len", { text: "four" })).result).toMatchObject({ isError: false, output: "script got 4\n" });
    expect((await callTool("shout", { wrong: 1 })).result).toMatchObject({ isError: true });
  });

  it("shows skills to the model and puts the body in context when activated, granting allowed-tools", async () => {
    await agent.client.loadSkill("guide", skill("guide", tool("noop", "{ type: binary, path: /bin/true }"), "Always say please."));
    // A rule may name the skill: allowing "guide" allows activating it.
    const id = await agent.client.createSession({ permissionPolicy: { ask: ["bash"], allow: ["guide"] } });
    models.script(toolCalls([{ name: "skill", args: { name: "guide" } }]), toolCalls([{ name: "bash", args: { command: "echo skill-granted" } }]), reply("done"));
    const result = await agent.client.generate(id, "use the guide");
    const offered = models.requests[0]!.body["tools"] as Array<{ name: string; description: string }>;
    expect(offered.find((t) => t.name === "skill")!.description).toContain("- guide: The guide skill for tests.");
    expect(JSON.stringify(models.requests[0]!.body)).not.toContain("Always say please.");
    expect(result.toolResults[0]!.output).toContain("Always say please.");
    expect(result.toolResults[1]).toMatchObject({ isError: false, output: "skill-granted\nexit code: 0", decision: { decidedBy: "session:bash(echo skill*)" } });
  });

  it("refuses invalid skills with the field named, loading nothing", async () => {
    const bad = async (name: string, content: string) => {
      const err = await agent.client.loadSkill(name, content).catch((e: unknown) => e);
      expect(A3sError.is(err, "SKILL_INVALID")).toBe(true);
      return (err as Error).message;
    };
    expect(await bad("x", "---\nname: x\n---\n")).toContain("description is required");
    expect(await bad("other", skill("mismatch", tool("t1", "{ type: binary, path: /bin/true }")))).toContain('name is "mismatch" but the skill is loaded as "other"');
    expect(await bad("ftp", skill("ftp", tool("t2", "{ type: ftp, url: 'ftp://x' }")))).toContain("tools[0].backend.type must be one of binary, http, script");
    expect((await agent.client.listSkills()).skills.map((s) => s.name)).not.toEqual(expect.arrayContaining(["x", "other", "ftp"]));
    expect(existsSync(join(stateDir.path, "skills", "ftp"))).toBe(false);
  });

  it("persists loaded skills across a restart, and unloads them", async () => {
    await agent.client.loadSkill("keeper", skill("keeper", tool("keep", "{ type: binary, path: /bin/true }")));
    await agent.stop();
    agent = await startAgent({ env: models.env(), stateDir: stateDir.path });
    expect((await agent.client.listSkills()).skills.map((s) => s.name)).toContain("keeper");
    await agent.client.unloadSkill("keeper");
    const { skills, tools } = await agent.client.listSkills();
    expect(skills.map((s) => s.name)).not.toContain("keeper");
    expect(tools.map((t) => t.name)).not.toContain("keep");
    const err = await agent.client.unloadSkill("keeper").catch((e: unknown) => e);
    expect(A3sError.is(err, "NOT_FOUND")).toBe(true);
  });

  it("lets a rule on the access value refuse database-query's writes", async () => {
    const id = await agent.client.createSession({ permissionPolicy: { deny: ["query_database(write)"] } });
    models.script(toolCalls([{ name: "query_database", args: { database: "made.db", sql: "CREATE TABLE t (a)", access: "write" } }]), reply("done"));
    const { toolResults } = await agent.client.generate(id, "make a table");
    expect(toolResults[0]).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "rule:query_database(write)" } });
    expect(existsSync(join(agent.workspace, "made.db"))).toBe(false);
  });

  it("runs the built-in run-code skill when the model calls it", async () => {
    const { result } = await callTool("run_node", { code: "console.log(6 * 7)" });
    expect(result).toMatchObject({ isError: false, output: "stdout:\n42\n\nstderr:\n\nexit code: 0\n" });
  });

  it("lets rules name a skill (all its tools) or one skill tool, through the same gate and trace", async () => {
    const id = await agent.client.createSession({ permissionPolicy: { deny: ["run-code", "bash"], allow: ["fetch_url(https://allowed.example/*)"] } });
    models.script(reply("ok"));
    await agent.client.generate(id, "hi");
    const offered = (models.requests[0]!.body["tools"] as Array<{ name: string }>).map((t) => t.name);
    expect(offered).not.toContain("run_node");
    expect(offered).not.toContain("run_python");
    expect(offered).toContain("fetch_url");

    models.script(toolCalls([
      { name: "run_node", args: { code: "require('fs').writeFileSync('ran.txt', '')" } },
      { name: "skill", args: { name: "run-code" } },
      { name: "fetch_url", args: { url: "https://elsewhere.example/" } },
    ]), reply("done"));
    const asked: string[] = [];
    const { toolResults } = await agent.client.generate(id, "go", { onConfirm: (r) => (asked.push(r.tool), { decision: "deny" }) });
    expect(toolResults[0]).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "rule:run-code" } });
    expect(toolResults[1]).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "rule:run-code" } });
    expect(toolResults[2]).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "human" } });
    expect(asked).toEqual(["fetch_url"]);
    const history = await agent.client.getHistory(id);
    expect(history.flatMap((m) => m.toolResults).map((r) => r.decision?.decidedBy)).toEqual(["rule:run-code", "rule:run-code", "human"]);
  });
});

describe("skillFilter: which skills a session sees", () => {
  type Offered = Array<{ name: string; description: string; input_schema?: { properties?: { name?: { enum?: string[] } } } }>;
  const offeredIn = async (id: string) => {
    models.reset();
    models.script(reply("ok"));
    await agent.client.generate(id, "hi");
    return models.requests[0]!.body["tools"] as Offered;
  };

  it("offers only the skills the filter lets through, in the tools and in the skill tool's list", async () => {
    const id = await agent.client.createSession({ skillFilter: { include: ["web-*", "run-code"], exclude: ["run-*"] } });
    const offered = await offeredIn(id);
    const names = offered.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["bash", "fetch_url", "skill"]));
    expect(names).not.toContain("run_node");
    expect(names).not.toContain("run_python");
    const activation = offered.find((t) => t.name === "skill")!;
    expect(activation.description).toContain("- web-fetch:");
    expect(activation.description).not.toContain("run-code");
    expect(activation.input_schema?.properties?.name?.enum).toEqual(["web-fetch"]);
  });

  it("refuses a hidden skill's tools and its activation when the model calls them anyway", async () => {
    const id = await agent.client.createSession({ skillFilter: { exclude: ["run-code"] } });
    models.script(
      toolCalls([
        { name: "run_node", args: { code: "require('fs').writeFileSync('filtered.txt', '')" } },
        { name: "skill", args: { name: "run-code" } },
      ]),
      reply("done"),
    );
    const { toolResults } = await agent.client.generate(id, "go");
    expect(toolResults[0]).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "skillFilter" } });
    expect(toolResults[0]!.output).toContain('the skill "run-code" is not available in this session');
    expect(toolResults[1]).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "skillFilter" } });
    expect(toolResults[1]!.output).not.toContain("Running code");
    expect(existsSync(join(agent.workspace, "filtered.txt"))).toBe(false);
  });

  it("hides every skill with exclude ['*'], and configure changes the filter", async () => {
    const id = await agent.client.createSession({ skillFilter: { exclude: ["*"] } });
    const none = (await offeredIn(id)).map((t) => t.name);
    expect(none).toContain("bash");
    expect(none).not.toEqual(expect.arrayContaining(["skill"]));
    expect(none.filter((n) => ["skill", "fetch_url", "run_node", "run_python"].includes(n))).toEqual([]);

    const info = await agent.client.configure(id, { skillFilter: { include: ["run-code"] } });
    expect(info.options.skillFilter).toEqual({ include: ["run-code"] });
    const after = (await offeredIn(id)).map((t) => t.name);
    expect(after).toEqual(expect.arrayContaining(["skill", "run_node", "run_python"]));
    expect(after).not.toContain("fetch_url");
  });

  it("leaves a skill denied by a rule out of the skill tool's list too", async () => {
    const id = await agent.client.createSession({ permissionPolicy: { deny: ["run-code"] } });
    const activation = (await offeredIn(id)).find((t) => t.name === "skill")!;
    expect(activation.description).not.toContain("run-code");
    expect(activation.input_schema?.properties?.name?.enum).not.toContain("run-code");
  });

  it("refuses a bad filter with the field named", async () => {
    const bad = async (skillFilter: unknown) => {
      const err = await agent.client.createSession({ skillFilter } as never).catch((e: unknown) => e);
      expect(A3sError.is(err, "INVALID_ARGUMENT")).toBe(true);
      return (err as Error).message;
    };
    expect(await bad({ include: [] })).toContain("skillFilter.include is empty");
    expect(await bad({ include: ["web-fetch", "Not A Name!"] })).toContain('skillFilter.include[1] "Not A Name!"');
    expect(await bad({ only: ["web-fetch"] })).toContain("only");
  });
});
