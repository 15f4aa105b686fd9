// Attacks on a box taken from the warm pool (QEMU/TCG on Linux), whose shares are the box's
// folders bind-mounted below per-VM export roots inside QEMU's own mount namespace: nothing
// the box does with symbolic links, `..` or a second mount of its share reaches a host file
// outside its workspace, and the host follows none of the links when the box ends.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Box } from "../../runtime/box/box";
import { VmPool } from "../../runtime/vm/vm-pool";
import { ModelServer } from "../model-server/model-server";
import { reply, toolCalls } from "../model-server/script";

const scratch = mkdtempSync(join(tmpdir(), "vm-pool-attack-"));
const poolDir = join(scratch, "pool");
const outside = join(scratch, "outside");
const workspace = join(scratch, "workspace");
const SECRET = "host secret that no box may read";
const MOUNT_WHOLE_SHARE =
  'import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); ok = libc.mount(b"a3swork", b"/tmp/whole", b"9p", 0, b"trans=virtio,version=9p2000.L,cache=none") == 0; print("mount:", "ok" if ok else os.strerror(ctypes.get_errno()))';
let models: ModelServer;
let pool: VmPool;
let box: Box;
const progress: string[] = [];

beforeAll(async () => {
  mkdirSync(outside);
  mkdirSync(workspace);
  writeFileSync(join(outside, "secret.txt"), `${SECRET}\n`);
  models = await ModelServer.start();
  const env = { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-test" };
  pool = new VmPool({ size: 1, dir: poolDir });
  await Box.fillPool({ pool, env, onProgress: (m) => progress.push(m) });
  box = await Box.create({ workspace, pool, env, bootTimeoutMs: 600_000, onProgress: (m) => progress.push(m) });
}, 30 * 60_000);

afterAll(async () => {
  await pool?.dispose();
  await box?.stop();
  await models?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function bash(command: string): Promise<string> {
  models.script(toolCalls([{ name: "bash", args: { command, timeout_ms: 300_000 } }]), reply("done"));
  const session = await box.client.createSession();
  return (await box.client.generate(session, "go")).toolResults[0]!.output;
}

it("keeps a pooled box's links, `..` and a second mount of its share from reaching host files outside its workspace", async () => {
  expect(readFileSync(`/proc/${box.vmPid}/cmdline`, "utf8")).toContain("a3s-box-pool-");
  expect(progress.filter((m) => m.includes("warning"))).toEqual([]);
  const output = await bash([
    `ln -s ${outside} /workspace/abs && ln -s ../outside /workspace/rel && ln -s / /workspace/root`,
    `cat /workspace/abs/secret.txt /workspace/rel/secret.txt /workspace/root${outside}/secret.txt /workspace/../outside/secret.txt`,
    // The whole export (the VM's own folder holding the workspace's mount point), mounted again.
    // (The business image has no mount(8): the system call, through Python.)
    `mkdir -p /tmp/whole && python3 -c '${MOUNT_WHOLE_SHARE}'; ls -la /tmp/whole /tmp/whole/..`,
    `ln -s ${outside} /tmp/whole/abs; ln -s ../../../outside /tmp/whole/rel; cat /tmp/whole/abs/secret.txt /tmp/whole/rel/secret.txt /tmp/whole/../outside/secret.txt`,
    "echo attack-done",
  ].join("; "));
  expect(output).toContain("attack-done");
  // The whole export (the VM's own folder around the workspace's mount point) cannot be mounted
  // again: a virtio-9p channel takes one mount, and the attach step's stays (only its subfolder shown).
  expect(output).toContain("mount: Device or resource busy");
  expect(output).not.toContain(SECRET);
  // The links the box made are links on the host, inside its workspace, never followed there.
  expect(lstatSync(join(workspace, "abs")).isSymbolicLink()).toBe(true);
}, 20 * 60_000);

it("follows none of the box's links on the host when the box ends: the VM's folder goes, the host's files stay", async () => {
  const folder = /a3s-box-pool-([0-9a-f]+)/.exec(readFileSync(`/proc/${box.vmPid}/cmdline`, "utf8"))![1]!;
  await box.stop();
  expect(existsSync(join(poolDir, folder))).toBe(false);
  expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe(`${SECRET}\n`);
  expect(readdirSync(workspace).sort()).toEqual(["abs", "rel", "root"]);
}, 10 * 60_000);
