// The tools command (Box option toolsCommand, image label io.a3s.box.tools-command) is hostile
// input from an image: in a real box it runs only in the tools' namespaces and cgroup, where
// the agent's token, its settings file, its processes and the keys are out of its reach.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { ModelGateway } from "../../runtime/gateway/model-gateway";
import { useBoxWithModels } from "../helpers/box-with-models";

const parent = mkdtempSync(join(tmpdir(), "vm-tools-command-"));
const workspace = join(parent, "ws");
// What an image's command would try: the agent's hostname, processes, environments, the
// settings file the attach step hands the agent (token inside), the state share, its cgroup.
const PROBE = [
  "exec > /workspace/probe.txt 2>&1",
  "echo hostname $(cat /proc/sys/kernel/hostname)",
  "echo cwd $(pwd)",
  "echo cgroup $(cat /proc/self/cgroup)",
  "ps -eo args",
  "env",
  "cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline | tr '\\0' '\\n'",
  "cat /run/a3s/agent.json /run/a3s/conf/agent.json",
  "ls /run/a3s /var/lib/a3s /sys/fs/cgroup",
  "echo still-running > /tmp/tools-command-alive",
  "echo probe-done",
  "exec sleep 100000",
].join("\n");
const setup = useBoxWithModels(workspace, { before: () => mkdirSync(workspace), cleanup: () => rmSync(parent, { recursive: true, force: true }) }, { toolsCommand: ["sh", "-c", PROBE] });

async function probeOutput(): Promise<string> {
  const file = join(workspace, "probe.txt");
  const end = Date.now() + 5 * 60_000;
  while (Date.now() < end) {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    // A line of its own: `ps` shows the script, whose text holds the words too.
    if (/^probe-done$/m.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the tools command did not finish its probe:\n${setup.box.logs()}`);
}

it("runs the command in the tools' namespaces and cgroup, in /workspace, where no token, key or agent file is reachable", async () => {
  const output = await probeOutput();
  const { box } = setup;
  expect(output).toContain(`hostname box-${box.id}\n`);
  expect(output).toContain("cwd /workspace\n");
  expect(output).toMatch(/^cgroup 0::\/a3s-tools\/session-tools-command\/call-\d+$/m);
  expect(output).toMatch(/^PATH=/m);
  expect(output).not.toContain("a3s-agent");
  expect(output).not.toContain("agent.cjs");
  expect(output).toMatch(/\/run\/a3s\/agent\.json'?: No such file or directory/);
  const gatewayToken = (box as unknown as { gateway: ModelGateway }).gateway.token;
  for (const secret of ["sk-test", box.agent.token, gatewayToken]) expect(output).not.toContain(secret);
  // The tools share its namespaces: a bash call sees the file it wrote in the tools' /tmp, and it still runs.
  const [seen] = await setup.bash("cat /tmp/tools-command-alive; ps -eo args | grep -c '^sleep 100000'");
  expect(seen).toBe("still-running\n1");
}, 10 * 60_000);
