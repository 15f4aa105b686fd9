import { release } from "node:os";
import type { DoctorLine, DoctorReport } from "../../common/doctor";
import { A3sError } from "../../common/errors";
import { hostGuestArch, type GuestArch } from "../guest-image/guest-arch";
import { checkGuestArtifacts, guestBuildBlocker, guestCacheDir, type GuestArtifacts } from "../vm/guest-artifacts";
import { hasPulledGuest, pulledGuestRecord } from "../vm/guest-oci";
import { chooseBackend } from "../vm/backend-choice";
import { KrunBackend } from "../vm/krun/krun-backend";
import { libkrunInstallHint } from "../vm/krun/libkrun";
import { acceleratorLine } from "./accelerator-line";
import { providerLines } from "./provider-lines";
import { qemuBinaryName, qemuVersion } from "../vm/qemu/qemu-binary";

export interface DoctorOptions {
  /** Where provider keys and base URLs come from (the CLI: its environment; the app: its settings). */
  providerEnv: Readonly<Record<string, string | undefined>>;
  /** How this host keeps provider keys (the app: the system keychain through safeStorage). */
  keychain: DoctorLine;
  cacheDir?: string;
}

/** Platform, accelerator, backends, guest artifacts, keychain and providers, each with its fix. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const lines: DoctorLine[] = [platformLine()];
  const [qemu, krun] = await Promise.all([qemuLine(), krunLine()]);
  const guest = await guestLine(options.cacheDir ?? guestCacheDir());
  lines.push(await acceleratorLine({ qemuOk: qemu.status === "ok", artifacts: guest.artifacts, cacheDir: options.cacheDir ?? guestCacheDir() }));
  lines.push(qemu, krun, await choiceLine());
  if (qemu.status !== "ok" && krun.status !== "ok") {
    lines.push({ check: "backends", status: "fail", detail: "neither QEMU nor libkrun can run VMs here", fix: qemu.fix ?? "install QEMU" });
  }
  lines.push(guest.line, options.keychain, ...(await providerLines(options.providerEnv)));
  return { lines, canStartBox: !lines.some((line) => line.status === "fail") };
}

function platformLine(): DoctorLine {
  const host = process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.versions.node}`;
  const detail = `${process.platform} ${process.arch} (kernel ${release()}), ${host}`;
  if (process.platform === "linux" || process.platform === "darwin") return { check: "platform", status: "ok", detail };
  return { check: "platform", status: "fail", detail, fix: "A3S Box runs boxes on Linux and macOS only (use WSL2 on Windows)" };
}

async function qemuLine(): Promise<DoctorLine> {
  try {
    return { check: "backend qemu", status: "ok", detail: `${await qemuVersion()} (${qemuBinaryName()})` };
  } catch (error) {
    return { check: "backend qemu", status: "warn", detail: A3sError.from(error).message.split(":")[0]!, fix: A3sError.from(error).message };
  }
}

async function krunLine(): Promise<DoctorLine> {
  try {
    await new KrunBackend().check();
    return { check: "backend krun", status: "ok", detail: "libkrun loads" };
  } catch (error) {
    // Where QEMU is the default, libkrun is optional; on macOS it is the preferred backend.
    const status = process.platform === "darwin" ? "warn" : "info";
    return { check: "backend krun", status, detail: `not available: ${A3sError.from(error).message.split(" (")[0]}`, fix: libkrunInstallHint() };
  }
}

async function choiceLine(): Promise<DoctorLine> {
  const choice = await chooseBackend({ krunCheck: () => new KrunBackend().check() });
  return { check: "backend choice", status: "info", detail: `a box gets ${choice.name} unless told otherwise: ${choice.reason}` };
}

/**
 * Which guest boxes will boot, as ensureGuestArtifacts chooses it: the one pulled for this
 * architecture, else the one built here (or to be built on first use), with its paths.
 */
async function guestLine(cacheDir: string): Promise<{ line: DoctorLine; artifacts?: GuestArtifacts }> {
  const check = "guest artifacts";
  let arch: GuestArch;
  try {
    arch = hostGuestArch();
  } catch (error) {
    return { line: { check, status: "fail", detail: (error as Error).message } };
  }
  const pullFix = "pull a prebuilt guest (one pushed from a Debian or Ubuntu host with `a3s-box guest push REF`): `a3s-box guest pull REF`";
  if (hasPulledGuest(cacheDir, arch)) {
    try {
      const pulled = (await pulledGuestRecord(cacheDir, arch))!;
      const { artifacts } = pulled;
      const rootfs = artifacts.rootfs ? `, default rootfs ${artifacts.rootfs}` : ", no default rootfs (boxes need an image)";
      const detail = `boxes boot the guest pulled from ${pulled.ref} (${pulled.digest.slice(0, 19)}) for ${arch}: kernel ${artifacts.kernel} (${artifacts.kernelRelease}), agent layer ${artifacts.agentLayer}${rootfs}`;
      return { line: { check, status: "ok", detail }, artifacts };
    } catch (error) {
      return { line: { check, status: "fail", detail: `the guest pulled for ${arch} cannot be used: ${A3sError.from(error).message}`, fix: pullFix } };
    }
  }
  const blocker = guestBuildBlocker();
  if (blocker) return { line: { check, status: "fail", detail: `no guest for ${arch}: none was pulled, and ${blocker}`, fix: pullFix } };
  try {
    const result = await checkGuestArtifacts(cacheDir, arch);
    if ("artifacts" in result) {
      const { artifacts } = result;
      const detail = `boxes boot the guest built for ${arch} in ${cacheDir}: kernel ${artifacts.kernel} (${artifacts.kernelRelease}), agent layer ${artifacts.agentLayer}`;
      return { line: { check, status: "ok", detail }, artifacts };
    }
    return {
      line: { check, status: "warn", detail: `none built or pulled for ${arch} yet (${result.missing}); the first box builds it here (a few minutes)`, fix: `a3s-box guest build, or ${pullFix}` },
    };
  } catch (error) {
    return { line: { check, status: "fail", detail: `none for ${arch}, and it cannot be built here: ${A3sError.from(error).message}`, fix: pullFix } };
  }
}

/** The CLI's keychain line: `a3s-box serve` keeps keys in a file; the app uses the system keychain. */
export function fileKeychainLine(): DoctorLine {
  return {
    check: "keychain",
    status: "info",
    detail: "not used here: `a3s-box serve` keeps provider keys in keys.json (mode 0600) in its state dir; the desktop app encrypts them with the system keychain",
  };
}
