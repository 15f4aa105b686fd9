// `a3s-box guest prune` as users run it: the built CLI on a cache given by A3S_BOX_CACHE.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { recordCurrentGuest } from "../runtime/guest-image/current-guest";
import { childEnv } from "./helpers/child-env";
import { tempDir } from "./helpers/agent-process";

const cli = join(import.meta.dirname, "../dist/cli/main.js");
const work = tempDir("a3s-guest-prune-");
const cache = join(work.path, "cache");
afterAll(() => work.remove());

function a3s(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...childEnv(), A3S_BOX_CACHE: cache } }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

it("refuses until a build has recorded the current guest, then lists, and with no --dry-run removes, the stale artifacts", async () => {
  for (const entry of ["agent-old", "agent-cur"]) {
    mkdirSync(join(cache, entry), { recursive: true });
    writeFileSync(join(cache, entry, "agent.img"), Buffer.alloc(3 * 1024 * 1024));
  }
  const refused = await a3s(["guest", "prune"]);
  expect(refused).toMatchObject({ code: 1, stdout: "" });
  expect(refused.stderr).toMatch(/^a3s-box: no build or pull has recorded a current guest in .*; run `a3s-box guest build` \(or `guest pull`\) first\n$/);

  await recordCurrentGuest(cache, "x86_64-developer", ["agent-cur"]);
  const dry = await a3s(["guest", "prune", "--dry-run"]);
  expect(dry.stdout).toMatch(new RegExp(`^would remove ${join(cache, "agent-old")} \\(3\\.0 MB\\)\nwould free 3\\.0 MB in 1 entry\n$`));
  expect(existsSync(join(cache, "agent-old"))).toBe(true);

  const real = await a3s(["guest", "prune"]);
  expect(real).toMatchObject({ code: 0, stderr: "" });
  expect(real.stdout).toMatch(new RegExp(`^removed ${join(cache, "agent-old")} \\(3\\.0 MB\\)\nfreed 3\\.0 MB in 1 entry\n$`));
  expect(existsSync(join(cache, "agent-old"))).toBe(false);
  expect(existsSync(join(cache, "agent-cur/agent.img"))).toBe(true);
}, 60_000);
