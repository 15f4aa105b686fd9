// Every box gets a fresh agent token and a fresh gateway token. The "VM" here is the agent
// bundle as a host process (HostProcessBackend) started from the very config Box hands a
// guest, so what is checked is what Box generates and passes on, and that the agent holds
// each box to its own token.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { Box } from "../runtime/box/box";
import { agentBundlePath } from "../runtime/paths";
import { checkAgentHealth } from "../runtime/vm/agent-health";
import { HostProcessBackend } from "./support/host-process-backend";

const workspace = mkdtempSync(join(tmpdir(), "box-token-ws-"));
const state = mkdtempSync(join(tmpdir(), "box-token-state-"));
const handedOver: Array<{ token: string; gatewayBase: string }> = [];
const boxes: Box[] = [];

const backend = new HostProcessBackend((port, spec) => {
  const conf = spec.shares.find((share) => share.tag === "a3sconf")!.hostPath;
  const attach = JSON.parse(readFileSync(join(conf, "agent.json"), "utf8")) as { args: string[]; env: Record<string, string> };
  const token = attach.args[attach.args.indexOf("--token") + 1]!;
  const gatewayBase = attach.env["ANTHROPIC_BASE_URL"]!;
  handedOver.push({ token, gatewayBase });
  return [process.execPath, agentBundlePath, "--listen", `127.0.0.1:${port}`, "--token", token, "--workspace", workspace, "--state-dir", join(state, String(port))];
});

afterAll(async () => {
  await Promise.all(boxes.map((box) => box.stop()));
  rmSync(workspace, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

it("gives every box a fresh agent token and a fresh gateway token, and each agent takes only its own", async () => {
  for (let i = 0; i < 2; i++) boxes.push(await Box.create({ workspace, stateDir: state, backend, env: { ANTHROPIC_API_KEY: "sk-host" } }));
  const [a, b] = boxes;
  expect(handedOver).toHaveLength(2);
  expect(handedOver.map((h) => h.token)).toEqual([a!.agent.token, b!.agent.token]);
  for (const { token } of handedOver) expect(token).toMatch(/^[0-9a-f]{64}$/);
  expect(a!.agent.token).not.toBe(b!.agent.token);
  const [gatewayA, gatewayB] = handedOver.map((h) => /\/([^/]+)\/anthropic$/.exec(h.gatewayBase)![1]);
  expect(gatewayA).toMatch(/^[0-9a-f]{64}$/);
  expect(gatewayA).not.toBe(gatewayB);
  expect(gatewayA).not.toBe(a!.agent.token);

  await checkAgentHealth(a!.agent.address, a!.agent.token, 5000);
  await expect(checkAgentHealth(b!.agent.address, a!.agent.token, 5000)).rejects.toThrow();
}, 300_000);
