// The desktop app's children are plain Node: a host that looks like Electron (execPath is a
// stand-in "Electron" that refuses to act as Node without ELECTRON_RUN_AS_NODE=1) boots a
// real box through BoxService, so the guest builder and anything else it starts with its own
// binary must go through the node-child helper, and the guest's Node must not be that binary.
import { execFile } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { tempDir } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";
import { childEnv } from "./helpers/child-env";

let models: ModelServer;
const dir = tempDir("a3s-electron-host-");
afterAll(async () => {
  await models?.stop();
  dir.remove();
});
beforeAll(async () => {
  models = await ModelServer.start();
});

it("boots a box and runs a tool when the host is Electron, every Node child started as Node", async () => {
  const calls = join(dir.path, "standin-calls.log");
  const standin = join(dir.path, "electron");
  writeFileSync(
    standin,
    `#!/bin/sh
echo "ELECTRON_RUN_AS_NODE=$ELECTRON_RUN_AS_NODE $*" >> '${calls}'
[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "stand-in Electron: started as a second app instance, not as Node" >&2; exit 99; }
exec '${process.execPath}' "$@"
`,
  );
  chmodSync(standin, 0o755);
  const workspace = tempDir("a3s-electron-ws-");
  try {
    models.script(toolCalls([{ name: "bash", args: { command: "uname -m" } }]), reply("done"));
    const host = join(import.meta.dirname, "support/electron-host.ts");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--import", join(import.meta.dirname, "support/electron-standin.mjs"), host, workspace.path, join(dir.path, "state")],
      {
        env: { ...childEnv(), ...models.env(), LLM_PROVIDER: "openai", LLM_MODEL: "test-model", OPENAI_API_KEY: "sk-host-only", A3S_STANDIN_ELECTRON: standin },
        timeout: 20 * 60_000,
      },
    );
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as { state: string; error?: string; output?: string };
    expect(result.error).toBeUndefined();
    expect(result.state).toBe("ready");
    expect(result.output).toMatch(/^done: x86_64\b/);
    const started = readFileSync(calls, "utf8").trim().split("\n");
    expect(started.some((line) => line.includes("image-builder.cjs"))).toBe(true);
    expect(started.every((line) => line.startsWith("ELECTRON_RUN_AS_NODE=1 "))).toBe(true);
  } finally {
    workspace.remove();
  }
}, 25 * 60_000);
