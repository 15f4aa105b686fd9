import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { CappedLog, tailOfLog } from "./capped-log";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function logPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "capped-log-"));
  dirs.push(dir);
  return join(dir, "serial.log");
}

it("never lets a file grow past its cap, and tails across the rotation", () => {
  const path = logPath();
  const log = new CappedLog(path, 1000);
  for (let i = 0; i < 500; i++) log.write(`line ${String(i).padStart(4, "0")}\n`);
  log.close();
  expect(statSync(path).size).toBeLessThanOrEqual(1000);
  expect(statSync(`${path}.1`).size).toBeLessThanOrEqual(1000);
  const tail = tailOfLog(path, 1500);
  expect(tail.endsWith("line 0499\n")).toBe(true);
  expect(tail.length).toBe(1500);
  expect(readFileSync(path, "utf8")).not.toContain("line 0000");
});

it("keeps only the end of a single chunk larger than the cap", () => {
  const path = logPath();
  const log = new CappedLog(path, 100);
  log.write("x".repeat(250) + "END");
  log.close();
  expect(readFileSync(path, "utf8")).toHaveLength(100);
  expect(log.tail(10)).toBe("xxxxxxxEND");
});
