// The UI end to end: Debian's Chromium (playwright-core) against `a3s-box serve --agent`
// (without --workspace: the file tree and Monaco go through the agent's file RPCs), the real
// agent process, and the test model server as the provider.
// UPDATE_SCREENSHOTS=1 also saves the main views under docs/screenshots/.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgent, tempDir, type AgentProcess } from "../helpers/agent-process";
import { ModelServer } from "../model-server/model-server";
import { reply, toolCalls } from "../model-server/script";
import { childEnv } from "../helpers/child-env";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const SCREENSHOTS = join(import.meta.dirname, "../../docs/screenshots");
// A model the shipped price table knows, so the session shows a cost.
const MODEL = { LLM_PROVIDER: "openai", LLM_MODEL: "gpt-5-mini", OPENAI_API_KEY: "test-key" };

let models: ModelServer;
let agent: AgentProcess;
let stateDir: { path: string; remove(): void };
let serve: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;

async function startServe(): Promise<void> {
  serve = spawn(process.execPath, [CLI, "serve", "--port", "0", "--agent", agent.address, "--state-dir", stateDir.path], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...childEnv(), ...MODEL },
  });
  const [line] = (await once(createInterface({ input: serve.stdout! }), "line")) as [string];
  url = line.replace(/^A3S Box is serving at /, "");
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
}

async function stopServe(): Promise<void> {
  if (!serve || serve.exitCode !== null || serve.signalCode !== null) return;
  const exited = once(serve, "exit");
  serve.kill("SIGTERM");
  await exited;
}

async function screenshot(name: string): Promise<void> {
  if (process.env["UPDATE_SCREENSHOTS"] !== "1") return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function send(text: string): Promise<void> {
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
}

const toolCard = (name: string) => page.locator(`article[aria-label="Tool call ${name}"]`).last();
const idle = () => page.getByRole("button", { name: "Send" }).waitFor();

beforeAll(async () => {
  models = await ModelServer.start();
  agent = await startAgent({ env: { ...models.env(), ...MODEL } });
  writeFileSync(join(agent.workspace, "notes.md"), "# Notes\n\nold line\n");
  mkdirSync(join(agent.workspace, "src"));
  writeFileSync(join(agent.workspace, "src", "main.ts"), 'export const greeting = "hello";\n');
  stateDir = tempDir("a3s-e2e-state-");
  await startServe();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on("dialog", (dialog) => void dialog.accept());
  page.on("pageerror", (error) => console.error("page error:", error.stack));
  page.on("console", (message) => {
    if (message.type() === "error") console.error("page console:", message.text());
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stopServe();
  await agent?.stop();
  await models?.stop();
  stateDir?.remove();
});

describe("the UI in a browser", () => {
  it("refuses requests and sockets without the token", async () => {
    const origin = new URL(url).origin;
    expect((await fetch(origin)).status).toBe(401);
    expect((await fetch(`${origin}/?token=guess`)).status).toBe(401);
    const other = await browser.newPage();
    try {
      const response = await other.goto(origin);
      expect(response?.status()).toBe(401);
      const socketRefused = await other.evaluate(
        (wsUrl) => new Promise<boolean>((resolve) => {
          const ws = new WebSocket(wsUrl);
          ws.onopen = () => resolve(false);
          ws.onerror = () => resolve(true);
        }),
        `${origin.replace("http", "ws")}/api`,
      );
      expect(socketRefused).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("creates a session and streams text and a tool call card", async () => {
    await page.goto(url);
    await expect.poll(() => new URL(page.url()).search).toBe("");
    await page.getByText("ready").first().waitFor();
    await page.getByRole("button", { name: "New session" }).click();
    await page.getByRole("heading", { name: "Session 1" }).waitFor();

    models.script(toolCalls([{ name: "ls", args: {} }]), reply(["Your workspace ", "has notes ", "and a src folder."], { delayMs: 400 }));
    await send("What is in my workspace?");
    await page.locator(".msg.user", { hasText: "What is in my workspace?" }).waitFor();
    await expect.poll(() => toolCard("ls").locator(".tool-status").textContent()).toBe("done");
    // Streaming: the answer is seen partly written before it is whole.
    await page.locator(".msg.assistant", { hasText: "Your workspace" }).waitFor();
    expect(await page.locator(".msg.assistant").last().textContent()).not.toContain("src folder");
    await page.locator(".msg.assistant", { hasText: "Your workspace has notes and a src folder." }).waitFor();
    await toolCard("ls").getByText("Output").click();
    expect(await toolCard("ls").locator(".tool-output").textContent()).toContain("notes.md");
    await idle();
    await screenshot("chat");
  });

  it("runs an approved write and stops a denied bash command", async () => {
    models.script(toolCalls([{ name: "write", args: { file_path: "approved.txt", content: "written after approval\n" } }]), reply("Wrote approved.txt."));
    await send("Create approved.txt");
    const writeApproval = page.getByRole("article", { name: "Approval for write" });
    await writeApproval.waitFor();
    expect(existsSync(join(agent.workspace, "approved.txt"))).toBe(false);
    await writeApproval.getByRole("button", { name: "Allow once" }).click();
    await expect.poll(() => toolCard("write").locator(".tool-status").textContent()).toBe("done");
    expect(readFileSync(join(agent.workspace, "approved.txt"), "utf8")).toBe("written after approval\n");
    await idle();

    models.script(toolCalls([{ name: "bash", args: { command: "echo pwned > denied.txt" } }]), reply("Understood, I did not run it."));
    await send("Run a command");
    const bashApproval = page.getByRole("article", { name: "Approval for bash" });
    await bashApproval.waitFor();
    expect(await bashApproval.textContent()).toContain("echo pwned > denied.txt");
    await bashApproval.getByRole("button", { name: "Deny" }).click();
    await expect.poll(() => toolCard("bash").locator(".tool-status").textContent()).toBe("denied");
    await page.getByText("Understood, I did not run it.").waitFor();
    expect(existsSync(join(agent.workspace, "denied.txt"))).toBe(false);
    await idle();
  });

  it("shows the session's Activity: each tool call and answer with who decided it, from the host's audit log", async () => {
    await page.getByRole("button", { name: "Activity", exact: true }).click();
    const activity = page.getByRole("region", { name: "Activity" });
    const row = (what: string, decision: RegExp) => activity.getByRole("row").filter({ hasText: what }).filter({ hasText: decision });
    await row("tool write", /allow by human/).waitFor();
    await row("answer for write", /allow by human/).waitFor();
    await row("tool bash", /deny by human/).waitFor();
    expect(await row("tool write", /allow by human/).textContent()).toMatch(/ok, \d+ ms, \d+ B/);
    await screenshot("activity");
    await page.getByRole("button", { name: "Activity", exact: true }).click();
    await expect.poll(() => activity.count()).toBe(0);
  });

  it("lists the agent's workspace in the file tree, through the agent", async () => {
    const tree = page.getByRole("tree", { name: "Workspace files" });
    for (const name of ["notes.md", "src", "approved.txt"]) await tree.getByRole("treeitem", { name, exact: true }).waitFor();
  });

  it("opens a file in Monaco, shows an edit's diff before it happens, and follows the change", async () => {
    await page.getByRole("treeitem", { name: "notes.md", exact: true }).click();
    const editor = page.locator(".file-editor .monaco-editor");
    await editor.getByText("old line").waitFor();

    models.script(toolCalls([{ name: "edit", args: { file_path: "notes.md", old_string: "old line", new_string: "new line from the agent" } }]), reply("Edited."));
    await send("Improve my notes");
    const approval = page.getByRole("article", { name: "Approval for edit" });
    await approval.locator(".monaco-diff-editor").getByText("new line from the agent").waitFor();
    expect(readFileSync(join(agent.workspace, "notes.md"), "utf8")).toContain("old line");
    await screenshot("approval-diff");
    await approval.getByRole("button", { name: "Allow once" }).click();
    await expect.poll(() => readFileSync(join(agent.workspace, "notes.md"), "utf8")).toContain("new line from the agent");
    await editor.getByText("new line from the agent").waitFor();
    await idle();
  });

  it("saves the user's own edit from Monaco into the agent's workspace", async () => {
    await page.getByRole("treeitem", { name: "src", exact: true }).click();
    await page.getByRole("treeitem", { name: "main.ts", exact: true }).click();
    const editor = page.locator(".file-editor .monaco-editor");
    await editor.getByText("greeting").waitFor();
    await editor.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("export const saved = true;");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => readFileSync(join(agent.workspace, "src", "main.ts"), "utf8")).toContain("export const saved = true;");
    await screenshot("workspace");
  });

  it("keeps script in agent output inert", async () => {
    const attack = [
      '<img src="x" onerror="window.__xss = \'img\'">',
      "<script>window.__xss = 'script'</script>",
      "[click me](javascript:window.__xss='link')",
      `![tracker](${models.url}/tracker.png)`,
      '<a href="#" onclick="window.__xss=\'click\'">safe text</a>',
    ];
    models.script(reply(attack.join("\n\n")));
    await send("Say something nasty");
    await page.getByText("safe text").waitFor();
    await idle();
    const assistant = page.locator(".msg.assistant").last();
    await assistant.getByText("click me").click();
    await page.getByText("safe text").click();
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await assistant.locator("script, [onerror], [onclick], img[src]").count()).toBe(0);
    expect(await assistant.locator("a[href^='javascript']").count()).toBe(0);
    expect(models.requests.some((r) => r.path.includes("tracker"))).toBe(false);
    expect(page.url()).toContain(new URL(url).origin);
  });

  it("keeps script in tool output inert", async () => {
    const payload = '<img src="x" onerror="window.__xss = \'tool-img\'"><script>window.__xss = \'tool-script\'</script>';
    writeFileSync(join(agent.workspace, "xss.html"), `${payload}\n`);
    models.script(toolCalls([{ name: "read", args: { file_path: "xss.html" } }]), reply("I read xss.html."));
    await send("Read xss.html");
    await expect.poll(() => toolCard("read").locator(".tool-status").textContent()).toBe("done");
    await toolCard("read").getByText("Output").click();
    expect(await toolCard("read").locator(".tool-output").textContent()).toContain(payload);
    await idle();
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await toolCard("read").locator("script, img, [onerror]").count()).toBe(0);
  });

  it("stops a running turn with Esc", async () => {
    models.script({ kind: "hang", text: ["Thinking about it"] });
    await send("Take your time");
    await page.getByRole("button", { name: "Stop" }).waitFor();
    await page.getByText("Thinking about it").waitFor();
    await page.keyboard.press("Escape");
    await page.getByText("Stopped.").waitFor();
    await idle();
  });

  it("shows the context meter", async () => {
    await expect.poll(() => page.locator(".context-label").textContent()).toMatch(/^[1-9][\d,]* \/ [\d,]+ tokens$/);
    // The session's cost beside it: its tokens by the shipped price of gpt-5-mini, never "+?" (unpriced).
    await expect.poll(() => page.getByLabel("Session cost").textContent()).toMatch(/^\$0\.\d+$/);
    expect(await page.getByLabel("Session cost").getAttribute("title")).toMatch(/^[1-9][\d,]* tokens in, [\d,]+ out, costed by the prices in settings$/);
  });

  it("edits the session policy", async () => {
    await page.getByRole("button", { name: "Policy", exact: true }).click();
    const policy = page.getByRole("form", { name: "Session policy" });
    await policy.getByLabel("Deny", { exact: true }).fill("bash(rm *)");
    await policy.getByRole("button", { name: "Save policy" }).click();
    await policy.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Policy", exact: true }).click();
    // By role: getByLabel matches the label's text, which includes the textarea's content.
    expect(await page.getByRole("form", { name: "Session policy" }).getByRole("textbox", { name: "Deny", exact: true }).inputValue()).toBe("bash(rm *)");
    await page.getByRole("button", { name: "Policy", exact: true }).click();
  });

  it("shows settings without ever returning a stored key", async () => {
    await page.getByRole("button", { name: "Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "Settings" });
    const anthropic = dialog.locator("fieldset", { hasText: "anthropic" });
    await anthropic.getByLabel("API key").fill("sk-ant-e2e-secret");
    await anthropic.getByRole("button", { name: "Save key" }).click();
    await anthropic.getByRole("button", { name: "Forget key" }).waitFor();
    expect(await anthropic.getByLabel("API key").getAttribute("placeholder")).toBe("stored on this computer");
    expect(await page.content()).not.toContain("sk-ant-e2e-secret");
    await screenshot("settings");
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  it("edits a model's price: refused when not a price, saved, read back, costs the next turn, reset to the shipped one", async () => {
    await page.getByRole("button", { name: "Settings" }).click();
    const prices = page.getByRole("dialog", { name: "Settings" }).getByRole("form", { name: "Prices" });
    const input = prices.getByLabel("Input price of openai gpt-5-mini");
    const output = prices.getByLabel("Output price of openai gpt-5-mini");
    const row = prices.getByRole("row", { name: "Price of openai gpt-5-mini" });
    // Beside it: the shipped price and the date it was read.
    expect(await row.textContent()).toMatch(/\$0\.25 \/ \$2\.00, \d{4}-\d{2}-\d{2}/);
    await input.fill("-1");
    await prices.getByRole("alert").getByText("The input price of openai gpt-5-mini must be a number ≥ 0.").waitFor();
    expect(await prices.getByRole("button", { name: "Save prices" }).isDisabled()).toBe(true);
    await input.fill("1000");
    await output.fill("1000");
    await prices.getByRole("button", { name: "Save prices" }).click();
    await row.getByRole("button", { name: "Reset openai gpt-5-mini" }).waitFor();
    await page.getByRole("dialog", { name: "Settings" }).getByRole("button", { name: "Close" }).click();

    // Read back from the host: a new page load gets the settings again.
    await page.reload();
    await page.getByRole("heading", { name: "Session 1" }).waitFor();
    await page.getByRole("button", { name: "Settings" }).click();
    expect(await input.inputValue()).toBe("1000");
    expect(await output.inputValue()).toBe("1000");
    await page.getByRole("dialog", { name: "Settings" }).getByRole("button", { name: "Close" }).click();

    // 1,000 tokens in and out at $1,000 per million: $2 more than the cents spent so far.
    models.script(reply("Priced.", { usage: { input: 1000, output: 1000 } }));
    await send("What does this cost?");
    await page.getByText("Priced.").waitFor();
    await idle();
    await expect.poll(() => page.getByLabel("Session cost").textContent()).toMatch(/^\$2\.0[01]$/);

    await page.getByRole("button", { name: "Settings" }).click();
    await row.getByRole("button", { name: "Reset openai gpt-5-mini" }).click();
    await expect.poll(() => input.inputValue()).toBe("0.25");
    expect(await output.inputValue()).toBe("2");
    expect(await row.getByRole("button", { name: "Reset openai gpt-5-mini" }).count()).toBe(0);
    await page.getByRole("dialog", { name: "Settings" }).getByRole("button", { name: "Close" }).click();
  });

  it("keeps sessions and conversations across a restart of the server", async () => {
    await stopServe();
    await startServe();
    await page.goto(url);
    await page.getByRole("heading", { name: "Session 1" }).waitFor();
    await page.locator(".msg.assistant", { hasText: "Your workspace has notes and a src folder." }).waitFor();
    expect(await toolCard("ls").locator(".tool-status").textContent()).toBe("done");
  });

  it("works in a narrow window", async () => {
    await page.setViewportSize({ width: 600, height: 800 });
    await page.getByRole("button", { name: "Files" }).click();
    await page.getByRole("tree", { name: "Workspace files" }).waitFor();
    await page.getByRole("button", { name: "Chat" }).click();
    await page.getByLabel("Message").waitFor();
    await screenshot("narrow");
  });
});
