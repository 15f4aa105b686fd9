// Box honours every option it accepts: here bootTimeoutMs, with a "VM" (a host process
// standing in for the backend) whose agent never answers.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { Box } from "../runtime/box/box";
import { isProcessAlive } from "../common/node/process-alive";
import { HostProcessBackend } from "./support/host-process-backend";

const work = mkdtempSync(join(tmpdir(), "a3s-box-options-"));
const workspace = join(work, "workspace");
mkdirSync(workspace);
// The state (and the audit log in it) lies outside the workspace, as a box requires.
process.env["XDG_STATE_HOME"] = join(work, "state");
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("fails a boot after its own bootTimeoutMs, not the default two minutes", async () => {
  const silent = new HostProcessBackend(() => ["sleep", "600"]);
  const started = Date.now();
  const booting = Box.create({ workspace, network: "none", backend: silent, bootTimeoutMs: 3000 });
  await expect(booting).rejects.toThrow(/was not ready within 3 s/);
  // The guest build may run first; what matters is that the boot itself gave up after 3 s.
  expect(Date.now() - started).toBeLessThan(100_000);
  expect(silent.launched).toHaveLength(1);
  expect(isProcessAlive(silent.launched[0]!)).toBe(false);
}, 180_000);
