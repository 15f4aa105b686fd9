// `a3s-box run`, `ps` and `image` as users run them: the built CLI, whose diagnostics on
// stderr are JSON log lines (component, level, code) at the level of --log-level or A3S_LOG.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { childEnv } from "./helpers/child-env";
import { tempDir } from "./helpers/agent-process";

const cli = join(import.meta.dirname, "../dist/cli/main.js");
const work = tempDir("a3s-cli-logs-");
afterAll(() => work.remove());

function a3s(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const base = { ...childEnv(), A3S_BOX_IMAGE_STORE: join(work.path, "store"), A3S_BOX_CACHE: join(work.path, "cache") };
    execFile(process.execPath, [cli, ...args], { env: { ...base, ...env } }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

/** Every line of stderr, each of which must be one JSON object. */
const logLines = (stderr: string) => stderr.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

it("image: a failure is one error line with its code, exit status 1", async () => {
  const missing = await a3s(["image", "inspect", "demo/absent:1"]);
  expect(missing.code).toBe(1);
  expect(logLines(missing.stderr)).toEqual([
    { time: expect.any(String), level: "error", component: "image", msg: 'no image "demo/absent:1" in the store (see `a3s-box image ls`)', code: "NOT_FOUND" },
  ]);
  const bad = await a3s(["image", "inspect", "Not A Ref", "--log-level", "error"]);
  expect(logLines(bad.stderr)).toEqual([expect.objectContaining({ level: "error", component: "image", msg: expect.stringContaining('invalid image reference "Not A Ref"') })]);
}, 60_000);

it("image: refuses an unknown level by name, from the flag or from A3S_LOG", async () => {
  const flag = await a3s(["image", "ls", "--log-level", "loud"]);
  expect(flag.code).not.toBe(0);
  expect(flag.stderr).toContain('--log-level: unknown log level "loud"');
  const env = await a3s(["image", "ls"], { A3S_LOG: "chatty" });
  expect(env.code).not.toBe(0);
  expect(env.stderr).toContain('A3S_LOG: unknown log level "chatty"');
}, 60_000);

it("ps: says at debug how many boxes it found, and nothing at info", async () => {
  const debug = await a3s(["ps", "--log-level", "debug"]);
  expect(debug.code).toBe(0);
  expect(debug.stdout).toMatch(/^ID\s+STATE/);
  expect(logLines(debug.stderr)).toEqual([expect.objectContaining({ level: "debug", component: "ps", msg: "boxes listed", boxes: 0 })]);
  const info = await a3s(["ps"], { A3S_LOG: "info" });
  expect(info.stderr).toBe("");
}, 60_000);

it("run: a box that cannot be made is one error line naming the problem, before anything boots", async () => {
  const missing = join(work.path, "no-such-folder");
  const run = await a3s(["run", "--workspace", missing, "hello"]);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(logLines(run.stderr)).toEqual([{ time: expect.any(String), level: "error", component: "run", msg: `the workspace ${missing} does not exist`, code: "INVALID_ARGUMENT" }]);
  // WORKSPACE names the folder when --workspace does not.
  const fromEnv = await a3s(["run", "hello", "--log-level", "error"], { WORKSPACE: missing });
  expect(logLines(fromEnv.stderr)).toEqual([expect.objectContaining({ component: "run", msg: `the workspace ${missing} does not exist` })]);
}, 60_000);
