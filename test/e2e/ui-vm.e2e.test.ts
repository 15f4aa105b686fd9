// The UI against a real box: `a3s-box serve` (no --agent) boots a microVM (QEMU; TCG here)
// when the user creates a box in Chromium, and the agent's tools run inside the guest. serve
// keeps a warm pool of one (the default): a box made once the pool is ready is the VM that
// waited there before the click, and serve's /metrics tells its boot from the first one's;
// quitting serve leaves no VM, pooled or in use.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureGuestArtifacts } from "../../runtime/vm/guest-artifacts";
import { tempDir } from "../helpers/agent-process";
import { ModelServer } from "../model-server/model-server";
import { reply, toolCalls } from "../model-server/script";
import { childEnv } from "../helpers/child-env";
import { parsePrometheusText } from "../support/prometheus-text";
import { isRunning, processesSharing } from "../support/vm-processes";

const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let models: ModelServer;
let workspace: { path: string; remove(): void };
let stateDir: { path: string; remove(): void };
let serve: ChildProcess;
/** The URL serve printed (with its token). */
let served: URL;
let browser: Browser;
let page: Page;
/** QEMU pids of the VMs serve's warm pool said were ready for a box, in order; and its warnings. */
const poolReady: number[] = [];
const poolWarnings: string[] = [];

beforeAll(async () => {
  await ensureGuestArtifacts();
  models = await ModelServer.start();
  workspace = tempDir("a3s-ui-vm-ws-");
  writeFileSync(join(workspace.path, "hello.txt"), "hello from the host\n");
  stateDir = tempDir("a3s-ui-vm-state-");
  // Debug level: the pool's news (a VM ready, with its QEMU's pid) is a debug line.
  serve = spawn(process.execPath, [CLI, "serve", "--port", "0", "--state-dir", stateDir.path, "--log-level", "debug"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...childEnv(), ...models.env(), LLM_PROVIDER: "openai", LLM_MODEL: "test-model", OPENAI_API_KEY: "sk-test-host-only" },
  });
  createInterface({ input: serve.stderr! }).on("line", (line) => {
    const ready = /the warm pool has a VM ready for the next box \(QEMU pid (\d+)\)/.exec(line);
    if (ready) poolReady.push(Number(ready[1]));
    if (line.includes("warm pool") && line.includes('"level":"warn"')) poolWarnings.push(line);
    if (!line.includes('"level":"debug"')) process.stderr.write(`${line}\n`);
  });
  const [line] = (await once(createInterface({ input: serve.stdout! }), "line")) as [string];
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(30_000);
  page.on("dialog", (dialog) => void dialog.accept());
  served = new URL(line.replace(/^A3S Box is serving at /, ""));
  await page.goto(served.href);
}, 20 * 60_000);

afterAll(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    const exited = once(serve, "exit");
    serve.kill("SIGTERM");
    await exited;
  }
  await models?.stop();
  workspace?.remove();
  stateDir?.remove();
});

it("boots a box from the UI, runs a tool inside the VM, and removes the box without leaving a VM", async () => {
  await page.getByLabel("Workspace folder").fill(workspace.path);
  // The box's reach is chosen here and stays in view (the egress itself: test/vm-network.test.ts).
  await page.getByLabel("Network").selectOption("allow");
  await page.getByLabel("Allowed hosts").fill("example.com");
  await page.getByLabel("package registries").check();
  await page.getByRole("button", { name: "New box" }).click();
  const boxName = workspace.path.split("/").at(-1)!;
  const boxItem = page.locator(".sidebar li", { hasText: boxName });
  await boxItem.locator(".box-state.ready").waitFor({ timeout: 300_000 });
  expect(processesSharing(workspace.path).vms).toHaveLength(1);
  const reach = boxItem.getByLabel("Box reach");
  await expect.poll(() => reach.textContent()).toMatch(/network allow: registry\.npmjs\.org, .*example\.com/);
  expect(await reach.textContent()).toContain("read-only: .git/config, .git/hooks/");

  await page.getByRole("button", { name: "New session" }).click();
  // The file panel reads and writes through the agent in the VM, not the host folder.
  await page.getByRole("treeitem", { name: "hello.txt", exact: true }).click();
  const editor = page.locator(".file-editor .monaco-editor");
  await editor.getByText("hello from the host").waitFor();
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("saved through the box");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect.poll(() => readFileSync(join(workspace.path, "hello.txt"), "utf8"), { timeout: 60_000 }).toContain("saved through the box");
  models.script(toolCalls([{ name: "bash", args: { command: "uname -r && echo made > made-in-vm.txt" } }]), reply("That is the guest's kernel."));
  await page.getByLabel("Message").fill("Which kernel runs your tools?");
  await page.getByLabel("Message").press("Enter");
  const card = page.locator('article[aria-label="Tool call bash"]');
  const approval = page.getByRole("article", { name: "Approval for bash" });
  const done = card.locator(".tool-status", { hasText: "done" });
  await approval.or(done).first().waitFor({ timeout: 120_000 });
  if (await approval.isVisible()) await approval.getByRole("button", { name: "Allow once" }).click();
  await done.waitFor({ timeout: 120_000 });
  await card.getByText("Output").click();
  const { kernelRelease } = await ensureGuestArtifacts();
  expect(await card.locator(".tool-output").textContent()).toContain(kernelRelease);
  await page.getByText("That is the guest's kernel.").waitFor();
  await page.getByRole("treeitem", { name: "made-in-vm.txt", exact: true }).waitFor({ timeout: 60_000 });

  await page.getByRole("button", { name: `Remove ${boxName}` }).click();
  await page.locator(".sidebar li", { hasText: boxName }).waitFor({ state: "detached" });
  await expect.poll(() => processesSharing(workspace.path), { timeout: 30_000 }).toEqual({ vms: [], daemons: [] });
}, 15 * 60_000);

it("makes a box from the warm pool: the box's VM is the one that waited there before the click", async () => {
  // serve refilled its pool (the default boundary's kind, filled at open) after the first box.
  const waiting = () => poolReady.filter(isRunning);
  await expect.poll(() => waiting().length + poolWarnings.length, { timeout: 600_000, interval: 1000 }).toBeGreaterThan(0);
  expect(poolWarnings).toEqual([]);
  const ready = waiting();
  const second = tempDir("a3s-ui-vm-pooled-");
  writeFileSync(join(second.path, "second.txt"), "the second box's own file\n");
  try {
    await page.getByLabel("Workspace folder").fill(second.path);
    await page.getByLabel("Network").selectOption("llm");
    const clicked = Date.now();
    await page.getByRole("button", { name: "New box" }).click();
    const boxName = second.path.split("/").at(-1)!;
    const boxItem = page.locator(".sidebar li", { hasText: boxName });
    await boxItem.locator(".box-state.ready").waitFor({ timeout: 300_000 });
    console.log(`box from the warm pool: ready ${Date.now() - clicked} ms after the click (load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")})`);
    const { vms } = processesSharing(second.path);
    expect(vms).toHaveLength(1);
    expect(ready).toContain(vms[0]);
    await page.getByRole("button", { name: "New session" }).click();
    await page.getByRole("treeitem", { name: "second.txt", exact: true }).waitFor({ timeout: 60_000 });

    // Scraped as Prometheus would: the first box (network allow, a kind the pool does not keep)
    // was restored from its template, this one taken from the pool.
    const scraped = await fetch(new URL("/metrics", served), { headers: { authorization: `Bearer ${served.searchParams.get("token")}` } });
    expect(scraped.status).toBe(200);
    const samples = parsePrometheusText(await scraped.text());
    const boots = samples.filter((s) => s.name === "a3s_box_boot_duration_seconds_count" && s.value > 0).map((s) => [s.labels["outcome"], s.labels["start"], s.value]);
    expect(boots.sort()).toEqual([["ready", "pooled", 1], ["ready", "restored", 1]]);

    // Quitting serve stops the box and drains the pool: no VM of it is left.
    const exited = once(serve, "exit");
    serve.kill("SIGTERM");
    expect(await exited).toEqual([0, null]);
    expect(processesSharing(second.path)).toEqual({ vms: [], daemons: [] });
    expect(poolReady.filter(isRunning)).toEqual([]);
  } finally {
    second.remove();
  }
}, 15 * 60_000);
