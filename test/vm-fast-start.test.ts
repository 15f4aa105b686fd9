// Boxes from a snapshot template (QEMU/TCG, `fastStart`): two siblings restored from one
// template are full boxes, each with its own workspace, token, RNG and a current clock, and no
// key inside; a template that cannot be restored falls back to a cold boot with a warning.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Box } from "../runtime/box/box";
import { checkAgentHealth } from "../runtime/vm/agent-health";
import { ensureGuestArtifacts, guestCacheDir } from "../runtime/vm/guest-artifacts";
import { QemuBackend } from "../runtime/vm/qemu/qemu-backend";
import { qemuVersion } from "../runtime/vm/qemu/qemu-binary";
import { templateKey } from "../runtime/vm/qemu/qemu-template";
import { ModelServer } from "./model-server/model-server";
import { SIBLING_PROBE, bashInBox, namedWorkspace } from "./helpers/sibling-boxes";

const API_KEY = "sk-ant-test-key-that-no-code-in-the-box-may-see";
const scratch = mkdtempSync(join(tmpdir(), "vm-fast-start-"));
const boxes: Box[] = [];
const progress: string[] = [];
let models: ModelServer;

const env = () => ({ ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: API_KEY });

beforeAll(async () => {
  models = await ModelServer.start();
}, 60_000);

afterAll(async () => {
  await Promise.all(boxes.map((box) => box.stop()));
  await models?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const workspace = (name: string) => namedWorkspace(scratch, name);
const bash = (box: Box, command: string) => bashInBox(models, box, command);

it("restores two siblings from one template: each a full box with its own workspace, token, RNG and a current clock, no key inside", async () => {
  for (const name of ["one", "two"]) {
    boxes.push(await Box.create({ workspace: workspace(name), fastStart: true, bootTimeoutMs: 600_000, env: env(), onProgress: (m) => progress.push(m) }));
  }
  const [one, two] = boxes as [Box, Box];
  // Both were restored (the guest's attach step read the attach line), not booted cold.
  for (const box of [one, two]) expect(box.logs()).toContain("a3s-mark resumed");
  // …and each says so (the boot metric's `start` label).
  for (const box of [one, two]) expect(box.vmStart).toBe("restored");
  expect(progress.filter((m) => m.startsWith("warning"))).toEqual([]);

  expect(one.agent.token).not.toBe(two.agent.token);
  await expect(checkAgentHealth(two.agent.address, one.agent.token, 10_000)).rejects.toThrow();

  const results: Record<string, string> = {};
  const sessions: Record<string, string> = {};
  for (const [name, box] of [["one", one], ["two", two]] as const) {
    const before = Math.floor(Date.now() / 1000);
    const result = await bash(box, SIBLING_PROBE);
    const after = Math.ceil(Date.now() / 1000);
    expect(result.isError, result.output).toBe(false);
    expect(result.output).toContain(`${name}.txt`);
    expect(result.output).not.toContain(name === "one" ? "two.txt" : "one.txt");
    const clock = Number(/clock=(\d+)/.exec(result.output)![1]);
    expect(clock).toBeGreaterThanOrEqual(before - 1);
    expect(clock).toBeLessThanOrEqual(after + 1);
    expect(result.output).not.toContain(API_KEY);
    expect(result.output).not.toContain(box.agent.token);
    results[name] = /rng=([0-9a-f]{32})/.exec(result.output)![1]!;
    sessions[name] = result.session;
  }
  expect(results["one"]).not.toBe(results["two"]);
  // The agent's own Node was restored too: what it draws from OpenSSL after attach (session
  // ids, temporary file names in a workspace two boxes may share) must differ between siblings.
  expect(sessions["one"]).not.toBe(sessions["two"]);
}, 30 * 60_000);

it("falls back to a cold boot, with a warning, when the template cannot be restored", async () => {
  const artifacts = await ensureGuestArtifacts();
  const cacheDir = guestCacheDir();
  const templates = join(scratch, "templates");
  const warnings: string[] = [];
  const backend = new QemuBackend({ kernel: artifacts.kernel, floorInitramfs: artifacts.floorInitramfs, cacheDir, templates: { dir: templates }, onWarning: (m) => warnings.push(m) });
  // A template whose saved state is garbage, where this box's template would be.
  const ws = workspace("cold");
  const probe = { kernel: artifacts.kernel, initramfs: artifacts.initramfs, cpus: 1, memoryMiB: 1024, agentLayer: { dir: artifacts.agentLayer, image: artifacts.agentImage } };
  const shares = [
    { tag: "a3sconf", hostPath: "-", readOnly: true },
    { tag: "a3sroot", hostPath: "-", readOnly: true },
    { tag: "a3swork", hostPath: "-", readOnly: false },
    { tag: "a3sstate", hostPath: "-", readOnly: false },
  ];
  const key = templateKey({ qemuVersion: await qemuVersion(), arch: "x86_64", accel: await backend.chosenAccelerator(), spec: { ...probe, shares } });
  mkdirSync(join(templates, key), { recursive: true });
  writeFileSync(join(templates, key, "memory"), "");
  writeFileSync(join(templates, key, "state"), "not a migration stream");

  const box = await Box.create({ workspace: ws, backend, bootTimeoutMs: 600_000, env: env() });
  boxes.push(box);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain("booting it cold");
  expect(box.logs()).not.toContain("a3s-mark resumed");
  expect(box.vmStart).toBe("cold");
  const result = await bash(box, "ls /workspace");
  expect(result.output).toContain("cold.txt");
}, 20 * 60_000);
