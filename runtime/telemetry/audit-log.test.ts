import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { GatewayAuditEntry } from "../../common/audit";
import { AuditLog, assertAuditOutOfReach, readAuditLog } from "./audit-log";
import { followAuditLog } from "./audit-follow";

let dir: { path: string };
beforeEach(() => {
  dir = { path: mkdtempSync(join(tmpdir(), "a3s-audit-")) };
});
afterEach(() => rmSync(dir.path, { recursive: true, force: true }));

const entry = (n: number): GatewayAuditEntry => ({
  event: "gateway", time: new Date(n).toISOString(), box: "b1", provider: "openai", method: "POST", path: `/openai/v1/chat/completions?n=${n}`,
  status: 200, inputTokens: n, outputTokens: 1, durationMs: 1, bytesOut: 10,
});

it("appends one JSON line per entry, in order, in a folder only its owner can enter", async () => {
  const log = new AuditLog(dir.path, "b1");
  await Promise.all([1, 2, 3].map((n) => log.append(entry(n))));
  expect(readFileSync(log.path, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as GatewayAuditEntry).inputTokens)).toEqual([1, 2, 3]);
  expect(await readAuditLog(dir.path, "b1")).toEqual([entry(1), entry(2), entry(3)]);
  expect(readdirSync(dir.path, { withFileTypes: true }).map((d) => d.name)).toEqual(["b1"]);
});

it("rotates by size, keeps the newest files and reads them back oldest first", async () => {
  const lineBytes = JSON.stringify(entry(10)).length + 1;
  const log = new AuditLog(dir.path, "b1", { maxBytes: lineBytes * 3, keep: 2 });
  for (let n = 10; n < 20; n++) await log.append(entry(n));
  const files = readdirSync(log.folder).sort();
  expect(files).toEqual(["audit.1.jsonl", "audit.2.jsonl", "audit.jsonl"]);
  for (const file of files) expect(readFileSync(join(log.folder, file)).length).toBeLessThanOrEqual(lineBytes * 3);
  // 10 lines in files of 3: the oldest (10, 11, 12) were dropped with the third rotation.
  expect((await readAuditLog(dir.path, "b1", 2)).map((e) => (e as GatewayAuditEntry).inputTokens)).toEqual([13, 14, 15, 16, 17, 18, 19]);
});

it("skips a torn last line and refuses box ids that would name another folder", async () => {
  mkdirSync(join(dir.path, "b2"));
  writeFileSync(join(dir.path, "b2", "audit.jsonl"), `${JSON.stringify(entry(1))}\n{"event":"tool","ti`);
  expect(await readAuditLog(dir.path, "b2")).toEqual([entry(1)]);
  for (const id of ["../b2", "a/b", "", ".hidden"]) expect(() => new AuditLog(dir.path, id)).toThrow(/not a box id/);
});

it("refuses a log inside a folder the box can write", () => {
  const workspace = join(dir.path, "home");
  mkdirSync(workspace);
  const inside = new AuditLog(join(workspace, ".local/state/a3s-box/audit"), "b1");
  expect(() => assertAuditOutOfReach(inside, [workspace])).toThrow(/lies inside .*home, which the box can write/);
  expect(() => assertAuditOutOfReach(new AuditLog(join(dir.path, "audit"), "b1"), [workspace])).not.toThrow();
});

it("follows new lines, across a rotation", async () => {
  const lineBytes = JSON.stringify(entry(10)).length + 1;
  const log = new AuditLog(dir.path, "b1", { maxBytes: lineBytes * 2 });
  await log.append(entry(1));
  const seen: number[] = [];
  const stop = await followAuditLog(dir.path, "b1", (e) => seen.push((e as GatewayAuditEntry).inputTokens));
  try {
    await log.append(entry(2));
    await expect.poll(() => seen).toEqual([2]);
    await log.append(entry(3));
    await log.append(entry(4));
    await expect.poll(() => seen).toEqual([2, 3, 4]);
  } finally {
    stop();
  }
});

it("following from the start shows every entry once, also one written while following starts", async () => {
  const lineBytes = JSON.stringify(entry(10)).length + 1;
  const log = new AuditLog(dir.path, "b1", { maxBytes: lineBytes * 2 });
  for (const n of [1, 2, 3]) await log.append(entry(n));
  const seen: number[] = [];
  const following = followAuditLog(dir.path, "b1", (e) => seen.push((e as GatewayAuditEntry).inputTokens), { fromStart: true });
  await log.append(entry(4));
  const stop = await following;
  try {
    await log.append(entry(5));
    await expect.poll(() => seen).toEqual([1, 2, 3, 4, 5]);
  } finally {
    stop();
  }
});

it("reports a write it cannot make as an error JSON line on stderr, at the level A3S_LOG allows, and goes on", async () => {
  writeFileSync(join(dir.path, "not-a-folder"), "");
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
  const saved = process.env["A3S_LOG"];
  try {
    delete process.env["A3S_LOG"];
    await new AuditLog(join(dir.path, "not-a-folder"), "b1").append(entry(1));
    process.env["A3S_LOG"] = "error";
    await new AuditLog(join(dir.path, "not-a-folder"), "b2").append(entry(2));
  } finally {
    spy.mockRestore();
    if (saved === undefined) delete process.env["A3S_LOG"];
    else process.env["A3S_LOG"] = saved;
  }
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(entries).toEqual(
    ["b1", "b2"].map((box) => ({
      time: expect.any(String), level: "error", component: "audit", msg: "cannot write the audit log", box,
      path: join(dir.path, "not-a-folder", box, "audit.jsonl"), event: "gateway", error: expect.stringContaining("ENOTDIR"),
    })),
  );
});
