// `npm ci && npm start` for a new user: npm must run Electron's install script (npm 11 runs
// a dependency's scripts only when package.json allows them), and without Electron's binary
// `npm start` must say so in one line with the fix.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { tempDir } from "./helpers/agent-process";

const root = join(import.meta.dirname, "..");
const run = promisify(execFile);
const scratch = tempDir("a3s-install-start-");
afterAll(() => scratch.remove());

it("npm runs Electron's install script, which honours ELECTRON_SKIP_BINARY_DOWNLOAD", async () => {
  const { stdout } = await run("npm", ["rebuild", "electron", "--foreground-scripts"], {
    cwd: root,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: "1" },
  });
  expect(stdout).toMatch(/> electron@\S+ postinstall\n> node install\.js/);
}, 120_000);

it("npm start without Electron's binary prints one line with the fix and stops", async () => {
  // A copy of the project's start script and of the electron package as a skipped download leaves it.
  const project = scratch.path;
  const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "start-check", private: true, scripts: { start: scripts["start"], build: "echo BUILD-RAN" } }));
  mkdirSync(join(project, "scripts"));
  cpSync(join(root, "scripts/check-electron.mjs"), join(project, "scripts/check-electron.mjs"));
  mkdirSync(join(project, "node_modules/electron"), { recursive: true });
  for (const file of ["install.js", "package.json"]) cpSync(join(root, "node_modules/electron", file), join(project, "node_modules/electron", file));

  const failure = await run("npm", ["start", "--silent"], { cwd: project, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: "1" } }).then(
    () => undefined,
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stdout).not.toContain("BUILD-RAN");
  const lines = failure!.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe(
    "A3S Box: Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set); fix: env -u ELECTRON_SKIP_BINARY_DOWNLOAD node node_modules/electron/install.js (on a machine that can download it), then npm start",
  );
}, 60_000);
