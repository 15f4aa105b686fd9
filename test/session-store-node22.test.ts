// The session-store cases under the guest's Node (22, which has node:sqlite), so that the
// SQLite store is tested here too while the suite itself runs on the host's Node 20.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { guestNode } from "../runtime/guest-image/guest-node";
import { hostGuestArch } from "../runtime/guest-image/guest-arch";
import { guestCacheDir } from "../runtime/vm/guest-artifacts";
import { tempDir } from "./helpers/agent-process";

const out = tempDir("a3s-store-node22-");
afterAll(() => out.remove());

interface JsonReport {
  testResults: { assertionResults: { fullName: string; status: string }[] }[];
}

it("passes every session-store case, SQLite's included, under the guest's Node", async () => {
  const node = await guestNode(guestCacheDir(), hostGuestArch());
  const report = join(out.path, "report.json");
  const vitest = join(import.meta.dirname, "../node_modules/vitest/vitest.mjs");
  const child = spawn(node.path, [vitest, "run", "guest/agent/session/session-store.test.ts", "--project", "main", "--reporter=json", `--outputFile=${report}`], {
    cwd: join(import.meta.dirname, ".."),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (part: string) => (stderr += part));
  const [code] = (await once(child, "exit")) as [number];
  expect(code, stderr).toBe(0);
  const results = (JSON.parse(readFileSync(report, "utf8")) as JsonReport).testResults.flatMap((file) => file.assertionResults);
  const sqlite = results.filter((result) => /^the '?sqlite'? store/.test(result.fullName));
  expect(sqlite.length).toBeGreaterThanOrEqual(5);
  expect(sqlite.filter((result) => result.status !== "passed")).toEqual([]);
  expect(results.filter((result) => result.status === "failed")).toEqual([]);
}, 180_000);
