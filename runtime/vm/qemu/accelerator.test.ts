import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { A3sError } from "../../../common/errors";
import { chooseAccelerator } from "./accelerator";
import { qemuVersion } from "./qemu-binary";

const cacheDir = mkdtempSync(join(tmpdir(), "accel-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

it("says what to install when QEMU is missing", async () => {
  const error = await qemuVersion("/nonexistent/qemu-system-x86_64").catch((e: unknown) => e);
  expect(A3sError.is(error, "VM_UNAVAILABLE")).toBe(true);
  expect((error as Error).message).toMatch(/QEMU \(\/nonexistent\/qemu-system-x86_64\) is not installed: .*(apt-get install qemu-system|brew install qemu)/);
});

it("refuses, saying what to install, when no accelerator boots the floor", async () => {
  // `false` stands for a QEMU that cannot boot anything: every candidate fails its probe.
  const error = await chooseAccelerator({
    qemu: "false",
    qemuVersion: "none",
    kernel: join(import.meta.dirname, "accelerator.ts"),
    floorInitramfs: "-",
    cacheDir,
  }).catch((e: unknown) => e);
  expect(A3sError.is(error, "VM_UNAVAILABLE")).toBe(true);
  expect((error as Error).message).toMatch(/no QEMU accelerator can boot a VM here \(.*tcg: exit 1.*\)\. install QEMU/);
});
