// A real box: QEMU (TCG here) booting the guest kernel with our initramfs, the agent on the
// host's Node inside, reached over the user-network forward with the box's token, its model
// reached through the box's gateway (network `llm`), its sessions in SQLite (sessionStore).
// One boot serves every assertion here.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { A3sError } from "../common/errors";
import type { ToolResult } from "../common/chunks";
import { Box } from "../runtime/box/box";
import { boxDir } from "../runtime/box/box-registry";
import { checkAgentHealth } from "../runtime/vm/agent-health";
import { ensureGuestArtifacts } from "../runtime/vm/guest-artifacts";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";
import { vmProcessesOf } from "./support/vm-processes";

const API_KEY = "sk-ant-test-5ecret-that-must-never-enter-the-vm";
const workspace = mkdtempSync(join(tmpdir(), "vm-box-ws-"));
const cli = join(import.meta.dirname, "../dist/cli/main.js");
let box: Box;
let models: ModelServer;

beforeAll(async () => {
  models = await ModelServer.start();
  box = await Box.create({
    workspace,
    memoryMiB: 768,
    sessionStore: "sqlite",
    env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: API_KEY },
  });
}, 20 * 60_000);

// A turn that hung once under load (CI, load 8-14) left nothing to go on: show the guest's side.
afterEach(({ task }) => {
  if (task.result?.state === "fail") console.error(`${task.name}: the box's console (agent log included), last 4,000 characters:\n${box?.logs().slice(-4000)}\nmodel requests seen: ${models?.requests.length}`);
});

afterAll(async () => {
  await box?.stop();
  await models?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

it("boots to an agent that answers only with the box's token, through the forward", async () => {
  expect(box.state).toBe("ready");
  expect(box.agent.address).toMatch(/^127\.0\.0\.1:\d+$/);
  await checkAgentHealth(box.agent.address, box.agent.token, 5000);
  await expect(checkAgentHealth(box.agent.address, "wrong-token", 5000)).rejects.toThrow();
  expect(await box.client.healthCheck()).toMatchObject({ status: "ok" });
  expect(box.logs()).toContain("a3s-init: starting the agent");
  // The guest's V8 took the agent layer's code cache (its loader says on the console when not).
  expect(box.logs()).not.toContain("code cache");
});

it("carries the built-in skills into the guest", async () => {
  const { skills, tools } = await box.client.listSkills();
  expect(skills.filter((s) => s.builtin).map((s) => s.name)).toEqual(["database-query", "run-code", "web-fetch"]);
  expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["fetch_url", "run_python", "run_node"]));
});

it("shows up in `a3s-box ps`", () => {
  const ps = execFileSync(process.execPath, [cli, "ps"], { encoding: "utf8" });
  expect(ps).toMatch(new RegExp(`^${box.id}\\s+ready\\s+qemu\\s+llm\\s+${process.pid}\\s`, "m"));
});

it("runs a model turn whose tools run in the guest: its kernel, its /proc, files land in the workspace, no key, no host ports", async () => {
  const { kernelRelease } = await ensureGuestArtifacts();
  const hostPort = new URL(models.url).port;
  // Files: every place the guest can write (the rootfs below the overlay is the read-only,
  // host-built Debian tree); environment: the tools' own and every process they can see.
  const probe = [
    "uname -r",
    "cat /proc/version",
    "ps -eo pid,args",
    `env; cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'; grep -rlF '${API_KEY}' /etc /root /home /tmp /run /var /workspace 2>/dev/null; echo KEY-SCAN-DONE`,
    `python3 -c "import socket; socket.create_connection(('10.0.2.2', ${hostPort}), 5)" 2>&1 | tail -1`,
    `python3 -c "import urllib.request as u
try: u.urlopen('http://10.0.2.100/not-the-token/anthropic/v1/messages', timeout=10)
except Exception as e: print('gateway answered', getattr(e, 'code', e))"`,
  ];
  models.script(
    toolCalls([
      ...probe.map((command) => ({ name: "bash", args: { command, timeout_ms: 300_000 } })),
      { name: "write", args: { file_path: "notes/from-guest.txt", content: "written by the agent in the VM\n" } },
    ]),
    reply("done"),
  );
  const session = await box.client.createSession();
  const result = await box.client.generate(session, "look around");
  expect(result.text).toBe("done");
  const outputs = result.toolResults.map((r: ToolResult) => r.output);
  const [uname, version, ps, keyScan, hostConnect, gateway] = outputs;
  expect(uname).toContain(kernelRelease);
  expect(uname).not.toContain(release());
  expect(version).toContain(`Linux version ${kernelRelease}`);
  // The tools' PID namespace: tini, its holder, and the commands; never the agent.
  expect(ps).not.toMatch(/node|agent\.cjs/);
  expect(keyScan).toContain("KEY-SCAN-DONE");
  expect(keyScan).not.toContain(API_KEY);
  expect(keyScan).toMatch(/^HOME=\/root$/m);
  expect(hostConnect).toMatch(/ConnectionRefusedError|timed out|OSError/);
  expect(gateway).toContain("gateway answered 403");
  expect(readFileSync(join(workspace, "notes/from-guest.txt"), "utf8")).toBe("written by the agent in the VM\n");
  // The model was reached through the gateway, which added the key on the host side.
  expect(models.requests[0]!.headers["x-api-key"]).toBe(API_KEY);
  expect(box.logs()).not.toContain(API_KEY);
}, 10 * 60_000);

it("keeps its sessions in SQLite in the box's state dir on the host, as sessionStore asks", async () => {
  const ids = (await box.client.listSessions()).map((session) => session.id);
  expect(ids.length).toBeGreaterThan(0);
  const names = readdirSync(box.options.stateDir);
  expect(names).toContain("sessions.sqlite");
  expect(names.filter((name) => ids.some((id) => name.startsWith(id)))).toEqual([]);
  const database = readFileSync(join(box.options.stateDir, "sessions.sqlite"));
  expect(database.subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
  for (const id of ids) expect(database.includes(Buffer.from(id))).toBe(true);
});

it("keeps the box's clock within a second of the host's over a minute", async () => {
  // The host stamps each file's mtime with its own clock as the guest writes it over 9p, so
  // each sample pairs a guest time with a host time without any network transit in between.
  const sample = (n: number) => `date +%s%N > /workspace/clock-${n}; cat /workspace/clock-${n}`;
  models.script(
    toolCalls([{ name: "bash", args: { command: `${sample(1)}; sleep 62; ${sample(2)}`, timeout_ms: 300_000 } }]),
    reply("timed"),
  );
  const session = await box.client.createSession();
  expect((await box.client.generate(session, "time it")).text).toBe("timed");
  const offsetMs = (n: number) => {
    const file = join(workspace, `clock-${n}`);
    const guestNs = BigInt(readFileSync(file, "utf8").trim());
    return Number(guestNs - statSync(file, { bigint: true }).mtimeNs) / 1e6;
  };
  const [first, second] = [offsetMs(1), offsetMs(2)];
  // The RTC the guest starts from has whole seconds; the drift is what the TSC rate decides.
  expect(Math.abs(first)).toBeLessThan(2000);
  expect(Math.abs(second - first)).toBeLessThan(1000);
}, 10 * 60_000);

it("turns failed, with the reason, when its VM process is killed; stopping then leaves no trace", async () => {
  const [pid] = vmProcessesOf(box.id);
  expect(pid).toBe(box.vmPid);
  process.kill(pid!, "SIGKILL");
  await expect.poll(() => box.state, { timeout: 10_000 }).toBe("failed");
  expect(A3sError.is(box.failure, "VM_FAILED")).toBe(true);
  expect(box.failure!.message).toMatch(/was killed by SIGKILL/);
  await box.stop();
  await box.stop();
  expect(vmProcessesOf(box.id)).toEqual([]);
  expect(existsSync(boxDir(box.id))).toBe(false);
  expect(box.logs()).toContain("a3s-init: starting the agent");
});

it("refuses a missing workspace before booting anything", async () => {
  const missing = join(workspace, "missing");
  await expect(Box.create({ workspace: missing })).rejects.toThrow(`the workspace ${missing} does not exist`);
});
