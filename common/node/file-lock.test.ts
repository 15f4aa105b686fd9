import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { withFileLock } from "./file-lock";

const dir = mkdtempSync(join(tmpdir(), "file-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("keeps two locks in one folder apart: each is released, and the later one's refresh outlives the earlier one's release", async () => {
  // As two boxes' workspace leases are: lock files side by side, held at once by one process.
  const first = join(dir, "a.lock");
  const second = join(dir, "b.lock");
  let releaseSecond!: () => void;
  const secondHeld = new Promise<void>((resolve) => {
    void withFileLock(second, async () => {
      resolve();
      await new Promise<void>((done) => (releaseSecond = done));
    }, { staleMs: 2_000 });
  });
  await secondHeld;
  await withFileLock(first, async () => sleep(50), { staleMs: 2_000 });
  expect(existsSync(first)).toBe(false);
  expect(existsSync(second)).toBe(true);
  // The second lock's mtime refresh (every second at this staleness) must still find its lock.
  await sleep(1_500);
  releaseSecond();
  await expect.poll(() => existsSync(second), { timeout: 2_000 }).toBe(false);
  // And it can be had again at once, not only once it went stale.
  await expect(withFileLock(second, async () => "had", { staleMs: 2_000, waitMs: 500 })).resolves.toBe("had");
});
