import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const fresh = mkdtempSync(join(tmpdir(), "a3s-proto-"));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

it("common/generated matches proto/agent.proto (run `npm run proto` after editing it)", () => {
  execFileSync(process.execPath, [join(root, "scripts/gen-proto.mjs"), fresh], { cwd: root, stdio: "pipe" });
  const committed = join(root, "common/generated");
  expect(files(committed)).toEqual(files(fresh));
  for (const file of files(fresh)) {
    expect(readFileSync(join(committed, file), "utf8"), file).toBe(readFileSync(join(fresh, file), "utf8"));
  }
});
