// A skill's binary backend given as url + sha256, through the real agent process: fetched
// on first use, cached, run; a download whose hash does not match is neither kept nor run.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A3sError } from "../common/errors";
import { startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

const TOOL = '#!/bin/sh\necho "downloaded tool got: $(cat)"\n';
const TOOL_SHA = createHash("sha256").update(TOOL).digest("hex");
const OTHER_SHA = createHash("sha256").update("something else").digest("hex");

let models: ModelServer;
let agent: AgentProcess;
let files: Server;
let base: string;
const fetched: string[] = [];
const stateDir = tempDir("a3s-tooldl-state-");
const cache = join(stateDir.path, "skills", ".tool-cache");

const skill = (name: string, backend: string) =>
  `---\nname: ${name}\ndescription: A downloaded tool.\ntools:\n  - name: ${name}-run\n    description: Runs it.\n    parameters: { type: object, properties: { text: { type: string } } }\n    backend: ${backend}\n---\nUse it.\n`;

beforeAll(async () => {
  files = createServer((req, res) => {
    fetched.push(req.url ?? "");
    res.end(TOOL);
  });
  files.listen(0, "127.0.0.1");
  await once(files, "listening");
  base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  models = await ModelServer.start();
  agent = await startAgent({ env: models.env(), stateDir: stateDir.path });
});

afterAll(async () => {
  await agent?.stop();
  await models?.stop();
  files?.closeAllConnections();
  await new Promise((resolve) => files?.close(resolve));
  stateDir.remove();
});

async function runTool(tool: string): Promise<{ output: string; isError: boolean }> {
  const id = await agent.client.createSession();
  models.script(toolCalls([{ name: tool, args: { text: "hi" } }]), reply("done"));
  return (await agent.client.generate(id, "use it")).toolResults[0]!;
}

describe("binary backends downloaded on first use", () => {
  it("are fetched once, verified, cached and run", async () => {
    await agent.client.loadSkill("fetched", skill("fetched", `{ type: binary, url: "${base}/tool.sh", sha256: ${TOOL_SHA} }`));
    expect(await runTool("fetched-run")).toMatchObject({ isError: false, output: 'downloaded tool got: {"text":"hi"}\n' });
    expect(await runTool("fetched-run")).toMatchObject({ isError: false, output: 'downloaded tool got: {"text":"hi"}\n' });
    expect(fetched).toEqual(["/tool.sh"]);
    expect(statSync(join(cache, TOOL_SHA)).mode & 0o777).toBe(0o755);
  });

  it("are refused, and nothing is kept, when the sha256 does not match", async () => {
    await agent.client.loadSkill("tampered", skill("tampered", `{ type: binary, url: "${base}/tampered.sh", sha256: ${OTHER_SHA} }`));
    const result = await runTool("tampered-run");
    expect(result.isError).toBe(true);
    expect(result.output).toContain(`the download of ${base}/tampered.sh does not match its sha256 (expected ${OTHER_SHA}, got ${TOOL_SHA}); it was not kept or run`);
    expect(result.output).not.toContain("downloaded tool got");
    expect(existsSync(join(cache, OTHER_SHA))).toBe(false);
    expect(readdirSync(cache)).toEqual([TOOL_SHA]);
  });

  it("need both url and sha256, and not a path as well", async () => {
    const refusal = (backend: string) => agent.client.loadSkill("bad", skill("bad", backend)).catch((error: unknown) => error);
    for (const backend of [`{ type: binary, url: "${base}/x" }`, `{ type: binary, url: "${base}/x", sha256: ${TOOL_SHA}, path: /bin/true }`, `{ type: binary, url: "${base}/x", sha256: abc }`]) {
      expect(A3sError.is(await refusal(backend), "SKILL_INVALID")).toBe(true);
    }
  });
});
