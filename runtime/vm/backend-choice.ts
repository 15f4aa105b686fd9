import { A3sError } from "../../common/errors";

export type BackendName = "qemu" | "krun";

export interface BackendChoice {
  name: BackendName;
  /** Why, in words (`a3s-box doctor` and the boot progress say it). */
  reason: string;
}

export interface BackendChoiceInputs {
  /** The backend the caller named; chosen as it is (its own check() says what is missing). */
  requested?: BackendName;
  platform?: NodeJS.Platform;
  /** The box wants host ports, which only the qemu backend wires. */
  hostPorts?: boolean;
  /** The guest's architecture is not the host's: only QEMU emulates another. */
  foreignArch?: boolean;
  /** Resolves when libkrun can be used here (KrunBackend.check), rejects saying why not. */
  krunCheck: () => Promise<void>;
}

/**
 * Which backend a box gets when none is named: libkrun where it is installed (on macOS its
 * Hypervisor.framework path is the native one; on Linux it is lighter than QEMU on KVM),
 * otherwise QEMU.
 */
export async function chooseBackend(inputs: BackendChoiceInputs): Promise<BackendChoice> {
  if (inputs.requested) return { name: inputs.requested, reason: "named by the caller" };
  const platform = inputs.platform ?? process.platform;
  if (platform !== "darwin" && platform !== "linux") return { name: "qemu", reason: `libkrun does not run on ${platform}` };
  if (inputs.foreignArch) return { name: "qemu", reason: "the guest's architecture is not this host's, which only QEMU emulates" };
  if (inputs.hostPorts) return { name: "qemu", reason: "the box reaches host ports, which only the qemu backend wires" };
  try {
    await inputs.krunCheck();
  } catch (error) {
    return { name: "qemu", reason: `libkrun cannot be used: ${A3sError.from(error).message.split(" (")[0]}` };
  }
  return { name: "krun", reason: platform === "darwin" ? "libkrun is installed (Hypervisor.framework)" : "libkrun is installed (KVM)" };
}
