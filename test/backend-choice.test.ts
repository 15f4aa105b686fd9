// Which backend a box gets when none is named, with libkrun played by the stand-in library
// (present) or a path that does not exist (absent), through the real KrunBackend.check().
// The addon keeps the first library it opens for the whole process, so the cases without
// libkrun run first.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseBackend } from "../runtime/vm/backend-choice";
import { KrunBackend } from "../runtime/vm/krun/krun-backend";
import { buildKrunStandin } from "./support/krun-standin";

let dir: string;
let standin: string;
const present = () => new KrunBackend({ env: { A3S_LIBKRUN_PATH: standin } }).check();
const absent = () => new KrunBackend({ env: { A3S_LIBKRUN_PATH: join(dir, "missing/libkrun.so.1") } }).check();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "a3s-backend-choice-"));
  standin = buildKrunStandin(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("without libkrun", () => {
  it("macOS falls back to QEMU, saying why", async () => {
    expect(await chooseBackend({ platform: "darwin", krunCheck: absent })).toEqual({
      name: "qemu",
      reason: "libkrun cannot be used: libkrun is not installed or cannot be opened",
    });
  });

  it("Linux uses QEMU; a named krun is still taken (its boot says what is missing)", async () => {
    expect((await chooseBackend({ platform: "linux", krunCheck: absent })).name).toBe("qemu");
    expect(await chooseBackend({ requested: "krun", platform: "linux", krunCheck: absent })).toEqual({ name: "krun", reason: "named by the caller" });
  });
});

describe("with libkrun", () => {
  it("macOS and Linux pick krun", async () => {
    expect(await chooseBackend({ platform: "darwin", krunCheck: present })).toEqual({ name: "krun", reason: "libkrun is installed (Hypervisor.framework)" });
    expect(await chooseBackend({ platform: "linux", krunCheck: present })).toEqual({ name: "krun", reason: "libkrun is installed (KVM)" });
  });

  it("keeps QEMU for what only QEMU does (host ports, another architecture), where named, and off Linux and macOS", async () => {
    expect(await chooseBackend({ platform: "linux", hostPorts: true, krunCheck: present })).toMatchObject({ name: "qemu", reason: expect.stringContaining("host ports") });
    expect(await chooseBackend({ platform: "darwin", foreignArch: true, krunCheck: present })).toMatchObject({ name: "qemu", reason: expect.stringContaining("architecture") });
    expect(await chooseBackend({ requested: "qemu", platform: "darwin", krunCheck: present })).toMatchObject({ name: "qemu" });
    expect(await chooseBackend({ platform: "win32", krunCheck: present })).toEqual({ name: "qemu", reason: "libkrun does not run on win32" });
  });
});
