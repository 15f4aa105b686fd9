import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { krunAddonPath } from "../../paths";

/** libkrun's C API as the addon in native/ exposes it: same names (camelCase), same arguments. */
export interface KrunAddon {
  load(path: string): void;
  loadedPath(): string | null;
  setLogLevel(level: number): void;
  createCtx(): number;
  freeCtx(ctx: number): void;
  setVmConfig(ctx: number, numVcpus: number, ramMib: number): void;
  setRoot(ctx: number, rootPath: string): void;
  setWorkdir(ctx: number, workdirPath: string): void;
  setConsoleOutput(ctx: number, filePath: string): void;
  addVirtiofs(ctx: number, tag: string, path: string): void;
  addVirtiofs3(ctx: number, tag: string, path: string, shmSize: number, readOnly: boolean): void;
  setKernel(ctx: number, kernelPath: string, kernelFormat: number, initramfs: string | null, cmdline: string | null): void;
  /** `argv` excludes the program itself; `envp` null means "the current environment". */
  setExec(ctx: number, execPath: string, argv: readonly string[], envp: readonly string[] | null): void;
  setEnv(ctx: number, envp: readonly string[]): void;
  setPortMap(ctx: number, portMap: readonly string[]): void;
  addVsockPort(ctx: number, port: number, socketPath: string): void;
  addVsockPort2(ctx: number, port: number, socketPath: string, listen: boolean): void;
  disableImplicitVsock(ctx: number): void;
  addVsock(ctx: number, tsiFeatures: number): void;
  /** Returns only if libkrun refuses to start (and then throws); the VM owns the process. */
  startEnter(ctx: number): number;
}

/** Variable naming the libkrun shared library to load instead of the platform's default. */
export const LIBKRUN_PATH_VAR = "A3S_LIBKRUN_PATH";


/** libkrun's names where the platform's loader (or Homebrew) puts it. */
export function defaultLibkrunCandidates(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === "darwin") {
    return ["libkrun.1.dylib", "/opt/homebrew/lib/libkrun.1.dylib", "/usr/local/lib/libkrun.1.dylib", "libkrun.dylib"];
  }
  return ["libkrun.so.1", "libkrun.so", "/usr/local/lib64/libkrun.so.1", "/usr/local/lib/libkrun.so.1"];
}

export function libkrunInstallHint(platform: NodeJS.Platform = process.platform): string {
  const how =
    platform === "darwin"
      ? "On macOS (Apple Silicon): `brew tap slp/krun && brew install libkrun` (brings libkrunfw, its kernel)."
      : platform === "linux"
        ? "On Linux with KVM: install libkrun and libkrunfw from your distribution (Fedora: `dnf install libkrun`), " +
          "or build both from https://github.com/containers/libkrun and https://github.com/containers/libkrunfw " +
          "(Debian 12 packages neither)."
        : `libkrun does not run on ${platform}.`;
  return `${how} Or set ${LIBKRUN_PATH_VAR} to the library's path. The qemu backend needs neither.`;
}

/** Loads the addon (built by node-gyp at install), or explains why it is missing. */
export function loadKrunAddon(addonPath: string = krunAddonPath): KrunAddon {
  if (!existsSync(addonPath)) {
    throw new A3sError(
      ErrorCodes.VM_UNAVAILABLE,
      `the libkrun addon is not built (${addonPath} is missing): install a C++ toolchain and python3, then run ` +
        "`npm run build:native` (in this repository) or `npm rebuild @a3s-lab/box`",
    );
  }
  return createRequire(import.meta.url)(addonPath) as KrunAddon;
}

/**
 * Opens libkrun in the addon: the library named by A3S_LIBKRUN_PATH, else the first of the
 * platform's usual names that opens. Throws VM_UNAVAILABLE saying how to install it.
 */
export function openLibkrun(addon: KrunAddon, env: NodeJS.ProcessEnv = process.env): string {
  const loaded = addon.loadedPath();
  if (loaded !== null) return loaded;
  const override = env[LIBKRUN_PATH_VAR]?.trim();
  const candidates = override ? [override] : defaultLibkrunCandidates();
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      addon.load(candidate);
      return candidate;
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  throw new A3sError(
    ErrorCodes.VM_UNAVAILABLE,
    `libkrun is not installed or cannot be opened (${failures.join("; ")}). ${libkrunInstallHint()}`,
  );
}
