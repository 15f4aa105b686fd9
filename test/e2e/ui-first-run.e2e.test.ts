// The first run in Chromium: `a3s-box serve` (no --agent) with an empty guest cache shows the
// "Set up the guest" screen instead of the app. A build is started and cancelled (the real
// builder, killed with what it started), a prebuilt guest is pulled from a real registry
// (Debian's docker-registry) with the puller's progress, and on a host that cannot build
// (no apt-get on PATH) a failed pull ends in a message naming what is missing.
// UPDATE_SCREENSHOTS=1 saves the screen as docs/screenshots/first-run.png.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { ImageStore } from "../../runtime/image";
import { pushGuest } from "../../runtime/vm/guest-oci";
import { tempDir } from "../helpers/agent-process";
import { childEnv } from "../helpers/child-env";
import { fakeGuest } from "../support/fake-guest";
import { freePort, TestRegistry } from "../support/registry";

const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SCREENSHOTS = join(import.meta.dirname, "../../docs/screenshots");

let registry: TestRegistry;
let work: { path: string; remove(): void };
let browser: Browser;
let serve: ChildProcess | undefined;
let page: Page;
let guestRef: string;

/** Serves the UI with its own empty caches (guest and image store) and state; `path` replaces PATH. */
async function startServe(name: string, path?: string): Promise<{ url: string; cache: string }> {
  const cache = join(work.path, name, "cache");
  mkdirSync(cache, { recursive: true });
  serve = spawn(process.execPath, [CLI, "serve", "--port", "0", "--state-dir", join(work.path, name, "state")], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...childEnv(), XDG_CACHE_HOME: cache, ...(path ? { PATH: path } : {}) },
  });
  const [line] = (await once(createInterface({ input: serve.stdout! }), "line")) as [string];
  return { url: line.replace(/^A3S Box is serving at /, ""), cache: join(cache, "a3s-box") };
}

beforeAll(async () => {
  work = tempDir("a3s-first-run-");
  registry = await TestRegistry.start();
  // Big enough that the pull's progress is seen between its start and its end.
  const guest = fakeGuest(join(work.path, "built"), "x86_64", { kernelBytes: 24 * 1024 * 1024 });
  guestRef = `${registry.host}/a3s/guest:x86_64`;
  await pushGuest(guest, guestRef, { store: new ImageStore({ root: join(work.path, "push-store") }) });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (error) => console.error("page error:", error.stack));
}, 120_000);

afterEach(async () => {
  if (serve && serve.exitCode === null && serve.signalCode === null) {
    const exited = once(serve, "exit");
    serve.kill("SIGTERM");
    await exited;
  }
});

afterAll(async () => {
  await browser?.close();
  await registry?.stop();
  work?.remove();
});

it("offers a build and a pull on first run; a cancelled build stops, a pull shows its progress and opens the app", async () => {
  const { url, cache } = await startServe("debian");
  await page.goto(url);
  const screen = page.getByRole("main", { name: "Set up A3S Box" });
  // The builder's own check of the empty cache (apt resolves the packages: slow under load).
  await screen.getByText(/It is not here yet: no guest for x86_64 is built here/).waitFor({ timeout: 180_000 });
  expect(await page.getByRole("button", { name: "New box" }).count()).toBe(0);

  // The real builder starts, reports its first step, and is cancelled.
  await screen.getByRole("button", { name: "Build the guest" }).click();
  await screen.getByRole("status").filter({ hasText: "resolving Debian package versions" }).waitFor({ timeout: 60_000 });
  await screen.getByRole("button", { name: "Cancel" }).click();
  await screen.getByRole("status").filter({ hasText: "Cancelled." }).waitFor();
  expect(await screen.getByRole("button", { name: "Build the guest" }).isEnabled()).toBe(true);

  await screen.getByLabel("Guest reference").fill(guestRef);
  await screen.getByRole("button", { name: "Pull the guest" }).click();
  const bar = screen.getByRole("progressbar", { name: `Pulling ${guestRef}` });
  // Seen part way: a value between the first byte and the end.
  await expect.poll(() => bar.evaluate((el) => (el as HTMLProgressElement).value)).toBeGreaterThan(0);
  await screen.getByText("The guest is ready.").waitFor();
  expect(await bar.evaluate((el) => (el as HTMLProgressElement).value)).toBe(1);
  const log = await screen.getByLabel("Guest log").textContent();
  expect(log).toMatch(/downloading: \d+% of \d+ bytes/);
  expect(log).toMatch(/downloaded sha256:/);
  expect(log).toContain("unpacking kernel");
  expect(JSON.parse(readFileSync(join(cache, "pulled", "x86_64.json"), "utf8"))).toMatchObject({ ref: guestRef });
  if (process.env["UPDATE_SCREENSHOTS"] === "1") await page.screenshot({ path: join(SCREENSHOTS, "first-run.png") });

  await screen.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "New box" }).waitFor();
  // Next time the app starts straight away: the pulled guest is found.
  await page.reload();
  await page.getByRole("button", { name: "New box" }).waitFor();
  expect(await screen.count()).toBe(0);
}, 400_000);

it("says what is missing when this host cannot build and the pull fails", async () => {
  // A PATH without apt-get or dpkg-deb: a host that is not Debian or Ubuntu.
  const bare = join(work.path, "bare-bin");
  mkdirSync(bare, { recursive: true });
  const { url, cache } = await startServe("bare", bare);
  await page.goto(url);
  const screen = page.getByRole("main", { name: "Set up A3S Box" });
  await screen.getByText(/Not possible on this computer: building a guest needs Debian or Ubuntu with apt, and apt-get and dpkg-deb are not on this host's PATH/).waitFor();
  expect(await screen.getByRole("button", { name: "Build the guest" }).isDisabled()).toBe(true);

  const nowhere = `127.0.0.1:${await freePort()}/a3s/guest:x86_64`;
  await screen.getByLabel("Guest reference").fill(nowhere);
  await screen.getByRole("button", { name: "Pull the guest" }).click();
  const problem = screen.getByRole("alert");
  await problem.getByText(`The pull of ${nowhere} failed`).waitFor();
  const text = await problem.textContent();
  expect(text).toMatch(/No box can start until a guest is here: no guest for x86_64 is here, this host cannot build one \(.*apt-get and dpkg-deb.*\), and the pull did not succeed/);
  expect(existsSync(join(cache, "pulled", "x86_64.json"))).toBe(false);
  expect(await page.getByRole("button", { name: "New box" }).count()).toBe(0);
});
