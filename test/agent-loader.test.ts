// The built agent loader (dist/guest/agent-loader.cjs) as a box runs it, here with the host's
// Node: it makes a code cache when told to, V8 takes that cache, and a missing or foreign cache
// costs only the compile, said on stderr. The cache the guest's Node makes is checked by
// test/guest-image.test.ts.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { AGENT_BUNDLE, AGENT_CODE_CACHE, AGENT_LOADER } from "../common/agent-files";
import { tempDir } from "./helpers/agent-process";

const dist = join(import.meta.dirname, "../dist/guest");
const dir = tempDir("a3s-loader-");
for (const file of [AGENT_BUNDLE, AGENT_LOADER]) copyFileSync(join(dist, file), join(dir.path, file));
const cache = join(dir.path, AGENT_CODE_CACHE);
afterAll(() => dir.remove());

const help = () => spawnSync(process.execPath, [join(dir.path, AGENT_LOADER), "--help"], { encoding: "utf8" });

it("runs the agent and says so when there is no code cache", () => {
  const { stdout, stderr, status } = help();
  expect(status).toBe(0);
  expect(stdout).toMatch(/^usage: a3s-box agent /);
  expect(stderr).toBe(`a3s-box agent: no code cache at ${cache}; compiling the agent\n`);
});

it("runs the agent and says so when V8 rejects the code cache", () => {
  writeFileSync(cache, "not a code cache");
  const { stdout, stderr, status } = help();
  expect(status).toBe(0);
  expect(stdout).toMatch(/^usage: a3s-box agent /);
  expect(stderr).toBe(`a3s-box agent: V8 rejected the code cache ${cache}; compiling the agent\n`);
});

it("writes the code cache of the started agent on SIGUSR2, which V8 then takes", async () => {
  const [workspace, state] = [join(dir.path, "workspace"), join(dir.path, "state")];
  for (const folder of [workspace, state]) mkdirSync(folder);
  const agent = spawn(process.execPath, [join(dir.path, AGENT_LOADER), "--listen", `unix:${join(dir.path, "agent.sock")}`, "--workspace", workspace, "--state-dir", state, "--token", "t"], {
    env: { ...process.env, A3S_CODE_CACHE_OUT: cache },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [line] = (await once(createInterface({ input: agent.stdout! }), "line")) as [string];
  expect(line).toMatch(/^listening unix:/);
  agent.kill("SIGUSR2");
  expect(await once(agent, "exit")).toEqual([0, null]);
  expect(statSync(cache).size).toBeGreaterThan(100_000);
  const { stdout, stderr } = help();
  expect(stdout).toMatch(/^usage: a3s-box agent /);
  expect(stderr).toBe("");
});
