// The real addon (native/, built by node-gyp) against a stand-in libkrun compiled here, which
// records every call it receives. The tests run in order: libkrun absent first, then loaded.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A3sError } from "../common/errors";
import { buildKrunStandin, readKrunCalls } from "./support/krun-standin";
import { krunAddonPath } from "../runtime/paths";
import { loadKrunAddon, openLibkrun, type KrunAddon } from "../runtime/vm/krun/libkrun";

let dir: string;
let standin: string;
let logPath: string;
let addon: KrunAddon;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "a3s-krun-"));
  standin = buildKrunStandin(dir);
  logPath = join(dir, "calls.jsonl");
  process.env["KRUN_STANDIN_LOG"] = logPath;
  addon = loadKrunAddon();
});

afterAll(() => {
  delete process.env["KRUN_STANDIN_LOG"];
  delete process.env["KRUN_STANDIN_FAIL"];
  rmSync(dir, { recursive: true, force: true });
});

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("without libkrun", () => {
  it("explains how to install libkrun when the override names no library", () => {
    const error = errorOf(() => openLibkrun(addon, { A3S_LIBKRUN_PATH: join(dir, "absent/libkrun.so.1") }));
    expect(A3sError.is(error, "VM_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toContain("libkrun is not installed or cannot be opened");
    expect((error as Error).message).toContain("absent/libkrun.so.1");
    expect((error as Error).message).toMatch(/libkrunfw|brew install libkrun/);
    expect((error as Error).message).toContain("A3S_LIBKRUN_PATH");
  });

  it("finds no libkrun at the platform's usual names on this host (none is packaged here)", () => {
    const error = errorOf(() => openLibkrun(addon, {}));
    expect(A3sError.is(error, "VM_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toContain("libkrun.so.1");
  });

  it("refuses calls before a library is loaded", () => {
    expect(() => addon.createCtx()).toThrow(/libkrun is not loaded/);
  });

  it("says how to build the addon when it is missing", () => {
    const error = errorOf(() => loadKrunAddon(join(dir, "krun.node")));
    expect(A3sError.is(error, "VM_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toContain("npm run build:native");
  });
});

describe("with the stand-in libkrun", () => {
  it("loads the library named by A3S_LIBKRUN_PATH", () => {
    expect(openLibkrun(addon, { A3S_LIBKRUN_PATH: standin })).toBe(standin);
    expect(addon.loadedPath()).toBe(standin);
    // Loading again is a no-op that reports the same library.
    expect(openLibkrun(addon, {})).toBe(standin);
  });

  it("passes every argument through to the C API unchanged", () => {
    rmSync(logPath, { force: true });
    addon.setLogLevel(2);
    const ctx = addon.createCtx();
    addon.setVmConfig(ctx, 2, 1024);
    addon.setRoot(ctx, "/var/a3s/rootfs");
    addon.addVirtiofs(ctx, "a3swork", "/home/me/project");
    addon.addVirtiofs3(ctx, "a3sagent", "/cache/agent", 0, true);
    addon.setKernel(ctx, "/cache/vmlinux", 1, null, "console=hvc0 quiet");
    addon.setExec(ctx, "/sbin/a3s-init", ["--port", "4088"], ["A3S_TOKEN=t", 'QUOTE="x"\n']);
    addon.setExec(ctx, "/bin/true", [], null);
    addon.setEnv(ctx, ["HOME=/root"]);
    addon.setWorkdir(ctx, "/workspace");
    addon.setPortMap(ctx, []);
    addon.addVsockPort(ctx, 1024, "/run/a3s/out.sock");
    addon.addVsockPort2(ctx, 4088, "/run/a3s/agent.sock", true);
    addon.disableImplicitVsock(ctx);
    addon.addVsock(ctx, 0);
    addon.setConsoleOutput(ctx, "/run/a3s/console.log");
    addon.freeCtx(ctx);

    expect(readKrunCalls(logPath)).toEqual([
      ["krun_set_log_level", 2],
      ["krun_create_ctx"],
      ["krun_set_vm_config", ctx, 2, 1024],
      ["krun_set_root", ctx, "/var/a3s/rootfs"],
      ["krun_add_virtiofs", ctx, "a3swork", "/home/me/project"],
      ["krun_add_virtiofs3", ctx, "a3sagent", "/cache/agent", 0, true],
      ["krun_set_kernel", ctx, "/cache/vmlinux", 1, null, "console=hvc0 quiet"],
      ["krun_set_exec", ctx, "/sbin/a3s-init", ["--port", "4088"], ["A3S_TOKEN=t", 'QUOTE="x"\n']],
      ["krun_set_exec", ctx, "/bin/true", [], null],
      ["krun_set_env", ctx, ["HOME=/root"]],
      ["krun_set_workdir", ctx, "/workspace"],
      ["krun_set_port_map", ctx, []],
      ["krun_add_vsock_port", ctx, 1024, "/run/a3s/out.sock"],
      ["krun_add_vsock_port2", ctx, 4088, "/run/a3s/agent.sock", true],
      ["krun_disable_implicit_vsock", ctx],
      ["krun_add_vsock", ctx, 0],
      ["krun_set_console_output", ctx, "/run/a3s/console.log"],
      ["krun_free_ctx", ctx],
    ]);
  });

  it("turns a negative return into an error naming the function and errno", () => {
    process.env["KRUN_STANDIN_FAIL"] = "krun_set_root";
    try {
      const error = errorOf(() => addon.setRoot(0, "/nope")) as Error & { code: string; errno: number; function: string };
      expect(error.message).toBe("krun_set_root failed: Invalid argument");
      expect(error).toMatchObject({ code: "ERR_KRUN_CALL", errno: 22, function: "krun_set_root" });
    } finally {
      delete process.env["KRUN_STANDIN_FAIL"];
    }
  });

  it("checks argument types before calling into C", () => {
    expect(() => addon.setRoot(0, 42 as unknown as string)).toThrow(TypeError);
    expect(() => addon.setExec(0, "/x", ["ok", 1 as unknown as string], null)).toThrow(/argv must be an array of strings/);
    expect(() => addon.setVmConfig(0, 0, 512)).toThrow(/numVcpus must be 1 to 255/);
  });

  it("names the missing function of an older libkrun, in a process of its own", () => {
    const old = buildKrunStandin(dir, { newerApi: false });
    const script = `
      const addon = require(${JSON.stringify(krunAddonPath)});
      addon.load(${JSON.stringify(old)});
      addon.addVsockPort(addon.createCtx(), 4088, "/tmp/x.sock");
      try { addon.addVsockPort2(0, 4088, "/tmp/x.sock", true); } catch (e) { console.log(e.code + ": " + e.message); }
    `;
    const output = execFileSync(process.execPath, ["-e", script], { env: { ...process.env, KRUN_STANDIN_LOG: join(dir, "old.jsonl") } });
    expect(output.toString().trim()).toBe(`ERR_KRUN_MISSING_SYMBOL: ${old} has no krun_add_vsock_port2 (a newer libkrun is needed)`);
  });
});
