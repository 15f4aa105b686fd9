// A box whose root filesystem is an image pulled from a real local registry: one VM boot
// (QEMU, TCG here), the image's files seen by the agent's bash tool inside the guest, and
// the shared rootfs on the host left untouched by what the box writes.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ToolResult } from "../../common/chunks";
import { Box } from "../../runtime/box/box";
import { ImageStore } from "../../runtime/image";
import { ModelServer } from "../model-server/model-server";
import { reply, toolCalls } from "../model-server/script";
import { busyboxLayer } from "../support/busybox-layer";
import { buildImage } from "../support/oci-builder";
import { TestRegistry } from "../support/registry";

const work = mkdtempSync(join(tmpdir(), "a3s-box-image-"));
const workspace = join(work, "workspace");
const storeRoot = join(work, "store");
let registry: TestRegistry;
let models: ModelServer;
let box: Box | undefined;
const savedStore = process.env.A3S_BOX_IMAGE_STORE;

const GREETER_SKILL = `---
name: greeter
description: Greets in the image's own words.
tools:
  - name: greet
    description: Says hello.
    parameters: { type: object, properties: {} }
    backend: { type: binary, path: /bin/true }
---
Greet the user warmly.
`;

const image = buildImage({
  layers: [
    busyboxLayer(),
    [
      { path: "srv/data/hello.txt", data: "hello from the pulled image\n" },
      { path: "etc/a3s-image-marker", data: "marker-7f3a\n" },
      { path: "opt/skills/greeter/SKILL.md", data: GREETER_SKILL },
    ],
  ],
  config: {
    Env: ["PATH=/bin"],
    Cmd: ["/bin/sh"],
    // The agent's configuration (docs/images.md, "Agent labels"); Box.create's sessionDefaults override the system prompt.
    Labels: {
      "io.a3s.box.model": "anthropic/claude-from-the-label",
      "io.a3s.box.system-prompt": "You are the label's agent.",
      "io.a3s.box.permission-policy": '{"deny": ["bash(shutdown*)"], "default": "allow"}',
      "io.a3s.box.skills": "/opt/skills",
      // Started at boot in the tools' namespaces: what it leaves in their /tmp, the tools see.
      "io.a3s.box.tools-command": "echo started by the label in $(pwd) > /tmp/from-the-label; exec sleep 100000",
    },
  },
});

beforeAll(async () => {
  process.env.A3S_BOX_IMAGE_STORE = storeRoot;
  registry = await TestRegistry.start();
  await registry.pushImage("demo/busybox", "1", image);
  models = await ModelServer.start();
  execFileSync("mkdir", ["-p", workspace]);
  box = await Box.create({
    workspace,
    image: `${registry.host}/demo/busybox:1`,
    memoryMiB: 512,
    // Under a loaded shared machine the guest's Node alone can take minutes to start (TCG).
    bootTimeoutMs: 600_000,
    sessionDefaults: { system: "You are the options' agent." },
    env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-test-not-in-the-vm" },
  });
}, 20 * 60_000);

afterAll(async () => {
  await box?.stop();
  await models?.stop();
  await registry?.stop();
  if (savedStore === undefined) delete process.env.A3S_BOX_IMAGE_STORE;
  else process.env.A3S_BOX_IMAGE_STORE = savedStore;
  rmSync(work, { recursive: true, force: true });
});

it("boots from a pulled image and its tools see the image's files", async () => {
  const store = new ImageStore({ root: storeRoot });
  const pulled = store.find(`${registry.host}/demo/busybox:1`);
  expect(pulled?.digest).toBe(image.manifest.digest);
  const [rootfs] = Object.values(store.readIndex().rootfs);
  expect(rootfs?.images).toEqual([image.manifest.digest]);
  const rootfsDir = join(store.rootfsDir, rootfs!.id);

  models.script(
    toolCalls([
      { name: "bash", args: { command: "cat /etc/a3s-image-marker /srv/data/hello.txt; ls /srv/data; busybox | head -1" } },
      { name: "bash", args: { command: "echo written-in-the-box > /srv/data/new.txt && rm /etc/a3s-image-marker && ls /srv/data /etc" } },
    ]),
    reply("done"),
  );
  const session = await box!.client.createSession();
  const result = await box!.client.generate(session, "look at the image");
  expect(result.text).toBe("done");
  const [seen, changed] = result.toolResults.map((r: ToolResult) => r.output);
  expect(seen).toContain("marker-7f3a\nhello from the pulled image\nhello.txt\nBusyBox v");
  expect(changed).toContain("new.txt");
  expect(changed).not.toContain("a3s-image-marker");
  // the box wrote into its own upper layer; the shared rootfs on the host is as unpacked
  expect(readFileSync(join(rootfsDir, "etc/a3s-image-marker"), "utf8")).toBe("marker-7f3a\n");
  expect(existsSync(join(rootfsDir, "srv/data/new.txt"))).toBe(false);
}, 10 * 60_000);

it("configures its agent from the image's io.a3s.box.* labels, overridden by the box's options", async () => {
  const session = await box!.client.createSession();
  const info = (await box!.client.listSessions()).find((s) => s.id === session)!;
  expect(info.options).toMatchObject({
    model: { provider: "anthropic", name: "claude-from-the-label" },
    system: "You are the options' agent.",
    permissionPolicy: { deny: ["bash(shutdown*)"], default: "allow" },
  });
  const { skills, tools } = await box!.client.listSkills();
  expect(skills.find((s) => s.name === "greeter")).toMatchObject({ description: "Greets in the image's own words.", tools: ["greet"] });
  expect(tools.map((t) => t.name)).toContain("greet");

  models.reset();
  models.script(toolCalls([{ name: "bash", args: { command: "shutdown now" } }]), reply("refused"));
  const result = await box!.client.generate(session, "turn it off");
  expect(result.toolResults[0]).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "rule:bash(shutdown*)" } });
  expect(models.requests[0]!.body).toMatchObject({ model: "claude-from-the-label", system: expect.stringContaining("You are the options' agent.") });
}, 10 * 60_000);

it("starts the image's tools command at boot, where the tools see what it does", async () => {
  models.reset();
  // It starts once the agent listens, so the tool waits a little for its file.
  const command = "for i in $(seq 60); do [ -e /tmp/from-the-label ] && break; sleep 1; done; cat /tmp/from-the-label; ps -o args | grep -c '^sleep 100000'";
  models.script(toolCalls([{ name: "bash", args: { command } }]), reply("seen"));
  const result = await box!.client.generate(await box!.client.createSession(), "what did the image start?");
  expect(result.toolResults[0]!.output).toBe("started by the label in /workspace\n1\nexit code: 0");
}, 10 * 60_000);
