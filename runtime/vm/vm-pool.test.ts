import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { removeDeadPoolDirs } from "./vm-pool";

const root = mkdtempSync(join(tmpdir(), "pool-dirs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("removes the folders of pools whose process is gone, and only those", async () => {
  const gone = spawnSync("true").pid!;
  const outside = mkdtempSync(join(tmpdir(), "pool-outside-"));
  writeFileSync(join(outside, "keep"), "");
  const dead = join(root, `${gone}-0123abcd`);
  mkdirSync(join(dead, "cf7fadd57000", "shares"), { recursive: true });
  writeFileSync(join(dead, "cf7fadd57000", "serial.log"), "boot");
  symlinkSync(outside, join(dead, "cf7fadd57000", "link"));
  const live = join(root, `${process.pid}-89abcdef`);
  mkdirSync(live);
  const other = join(root, "not-a-pool");
  mkdirSync(other);

  await removeDeadPoolDirs(root);

  expect(existsSync(dead)).toBe(false);
  expect(existsSync(live)).toBe(true);
  expect(existsSync(other)).toBe(true);
  // A link inside is removed as a link: what it pointed at stays.
  expect(existsSync(join(outside, "keep"))).toBe(true);
  rmSync(outside, { recursive: true, force: true });
});
