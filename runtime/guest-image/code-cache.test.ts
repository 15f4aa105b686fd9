// Where the builder cannot run the guest's Node the agent layer is built without a code cache;
// where it should but cannot start it, the build fails with the reason rather than waiting.
// The cache made for real is checked by test/guest-image.test.ts.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { makeCodeCache, runsGuestNode } from "./code-cache";
import { hostGuestArch } from "./guest-arch";

const layer = mkdtempSync(join(tmpdir(), "a3s-code-cache-test-"));
afterAll(() => rmSync(layer, { recursive: true, force: true }));

it("runs the guest's Node only on a Linux host of the guest's architecture", () => {
  expect(runsGuestNode("x86_64", { platform: "linux", arch: "x64" })).toBe(true);
  expect(runsGuestNode("arm64", { platform: "linux", arch: "arm64" })).toBe(true);
  expect(runsGuestNode("arm64", { platform: "linux", arch: "x64" })).toBe(false);
  expect(runsGuestNode("arm64", { platform: "darwin", arch: "arm64" })).toBe(false);
  expect(runsGuestNode("x86_64", { platform: "win32", arch: "x64" })).toBe(false);
  expect(runsGuestNode("x86_64", { platform: "linux", arch: "riscv64" })).toBe(false);
});

it("makes no cache, and runs nothing, for another architecture's layer", async () => {
  const foreign = hostGuestArch() === "x86_64" ? "arm64" : "x86_64";
  expect(await makeCodeCache(layer, foreign)).toBe(false);
  expect(readdirSync(layer)).toEqual([]);
});

it("fails with the reason when the layer's Node cannot be started", async () => {
  await expect(makeCodeCache(layer, hostGuestArch())).rejects.toThrow(/the agent stopped \(not started: spawn .*ld\.so ENOENT\)/);
  expect(readdirSync(layer)).toEqual([]);
}, 10_000);
