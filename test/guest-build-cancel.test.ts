// A cancelled guest build gives the cache's build lock back at once: the next build, pull or
// prune does not wait for it to go stale (30 s).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { ErrorCodes } from "../common/errors";
import { withBuildLock } from "../runtime/guest-image/cache";
import { ensureGuestArtifacts } from "../runtime/vm/guest-artifacts";

const cache = mkdtempSync(join(tmpdir(), "guest-cancel-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

it("releases the build lock when a build is cancelled, so a pull right after it need not wait", async () => {
  const stop = new AbortController();
  let started!: () => void;
  const resolving = new Promise<void>((resolve) => (started = resolve));
  const build = ensureGuestArtifacts({
    cacheDir: cache,
    source: "build",
    signal: stop.signal,
    // The builder's first step runs under the lock.
    onProgress: (message) => message === "resolving Debian package versions" && started(),
  });
  build.catch(() => undefined);
  await resolving;
  expect(existsSync(join(cache, ".builder.lock"))).toBe(true);
  stop.abort();
  await expect(build).rejects.toMatchObject({ code: ErrorCodes.CANCELLED });
  expect(existsSync(join(cache, ".builder.lock"))).toBe(false);
  await expect(withBuildLock(cache, async () => "had")).resolves.toBe("had");
}, 180_000);
