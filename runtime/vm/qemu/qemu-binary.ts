import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { A3sError, ErrorCodes } from "../../../common/errors";

const execFileAsync = promisify(execFile);

/** What to install for QEMU on this platform, in words a user can act on. */
export function qemuInstallHint(): string {
  if (process.platform === "darwin") return "install QEMU with Homebrew: `brew install qemu`";
  if (process.platform === "linux") {
    const pkg = process.arch === "arm64" ? "qemu-system-arm" : "qemu-system-x86";
    return `install QEMU: \`sudo apt-get install ${pkg}\` on Debian/Ubuntu (\`sudo dnf install qemu-system-${process.arch === "arm64" ? "aarch64" : "x86"}\` on Fedora)`;
  }
  return "A3S Box runs VMs on Linux and macOS only";
}

/** The QEMU system emulator for this host's architecture: $A3S_QEMU, else from PATH. */
export function qemuBinaryName(): string {
  return process.env["A3S_QEMU"] ?? (process.arch === "arm64" ? "qemu-system-aarch64" : "qemu-system-x86_64");
}

/** QEMU's version line; throws VM_UNAVAILABLE with an install hint when QEMU is missing. */
export async function qemuVersion(binary = qemuBinaryName()): Promise<string> {
  try {
    const { stdout } = await execFileAsync(binary, ["--version"], { timeout: 10_000 });
    return stdout.split("\n")[0]!.trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new A3sError(
      ErrorCodes.VM_UNAVAILABLE,
      code === "ENOENT"
        ? `QEMU (${binary}) is not installed: ${qemuInstallHint()}`
        : `QEMU (${binary}) does not run: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
