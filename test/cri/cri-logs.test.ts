// `a3s-box cri` logs like serve: JSON lines on stderr at --log-level or A3S_LOG; an unknown level is refused.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { tempDir } from "../helpers/agent-process";

const cli = join(import.meta.dirname, "../../dist/cli/main.js");
const dir = tempDir("a3s-cri-logs-");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  dir.remove();
});

function cri(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; stderr: () => string; firstLine: Promise<string | undefined> } {
  const at = join(dir.path, `run-${children.length}`);
  const child = spawn(process.execPath, [cli, "cri", "--listen", `unix://${at}.sock`, "--state-dir", at, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  children.push(child);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (part: string) => (stderr += part));
  const line = once(createInterface({ input: child.stdout! }), "line").then(([l]) => String(l));
  return { child, stderr: () => stderr, firstLine: Promise.race([line, once(child, "exit").then(() => undefined)]) };
}

it("with A3S_LOG=debug writes its diagnostics as JSON lines on stderr", async () => {
  const run = cri([], { A3S_LOG: "debug" });
  expect(await run.firstLine, run.stderr()).toMatch(/^a3s-box CRI runtime listening on unix:/);
  await expect.poll(() => run.stderr()).toContain("\n");
  const entries = run.stderr().split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(entries).toContainEqual(expect.objectContaining({ level: "info", component: "cri", msg: "listening" }));
});

it("refuses an unknown level from --log-level or A3S_LOG, naming it", async () => {
  for (const [args, env, named] of [[["--log-level", "verbose"], {}, '--log-level: unknown log level "verbose"'], [[], { A3S_LOG: "loud" }, 'A3S_LOG: unknown log level "loud"']] as const) {
    const run = cri([...args], env);
    const [code] = (await once(run.child, "exit")) as [number];
    expect(code).not.toBe(0);
    expect(run.stderr()).toContain(named);
  }
});
