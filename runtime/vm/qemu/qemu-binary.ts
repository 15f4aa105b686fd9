import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { hostGuestArch, type GuestArch } from "../../guest-image/guest-arch";

const execFileAsync = promisify(execFile);

/** What to install for QEMU (emulating `arch`, default this host's) on this platform, in words a user can act on. */
export function qemuInstallHint(arch: GuestArch = hostGuestArch()): string {
  if (process.platform === "darwin") return "install QEMU with Homebrew: `brew install qemu`";
  if (process.platform === "linux") {
    const pkg = arch === "arm64" ? "qemu-system-arm" : "qemu-system-x86";
    return `install QEMU: \`sudo apt-get install ${pkg}\` on Debian/Ubuntu (\`sudo dnf install qemu-system-${arch === "arm64" ? "aarch64" : "x86"}\` on Fedora)`;
  }
  return "A3S Box runs VMs on Linux and macOS only";
}

/** The QEMU system emulator for guests of `arch` (default this host's): $A3S_QEMU for the host's, else from PATH. */
export function qemuBinaryName(arch: GuestArch = hostGuestArch()): string {
  const override = arch === hostGuestArch() ? process.env["A3S_QEMU"] : undefined;
  return override ?? (arch === "arm64" ? "qemu-system-aarch64" : "qemu-system-x86_64");
}

const versions = new Map<string, Promise<string>>();

/**
 * QEMU's version line; throws VM_UNAVAILABLE with an install hint when QEMU is missing. Asked
 * once per binary and PATH in a process: every Box.create and pool take needs it, and starting
 * QEMU to print it took 0.1–0.5 s on a loaded machine.
 */
export function qemuVersion(binary = qemuBinaryName(), arch?: GuestArch): Promise<string> {
  const key = `${binary}\0${process.env["PATH"] ?? ""}`;
  let version = versions.get(key);
  if (!version) {
    version = readQemuVersion(binary, arch);
    versions.set(key, version);
    version.catch(() => versions.delete(key));
  }
  return version;
}

async function readQemuVersion(binary: string, arch: GuestArch | undefined): Promise<string> {
  try {
    const { stdout } = await execFileAsync(binary, ["--version"], { timeout: 10_000 });
    return stdout.split("\n")[0]!.trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new A3sError(
      ErrorCodes.VM_UNAVAILABLE,
      code === "ENOENT"
        ? `QEMU (${binary}) is not installed: ${qemuInstallHint(arch)}`
        : `QEMU (${binary}) does not run: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
