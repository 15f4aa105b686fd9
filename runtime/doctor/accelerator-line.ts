import { accessSync, constants, existsSync } from "node:fs";
import type { DoctorLine } from "../../common/doctor";
import { A3sError } from "../../common/errors";
import type { GuestArtifacts } from "../vm/guest-artifacts";
import { probeAccelerator } from "../vm/qemu/accelerator";
import { qemuBinaryName, qemuVersion } from "../vm/qemu/qemu-binary";

const check = "accelerator";

/** KVM, HVF or TCG, and why: the real boot probe QEMU boxes use (its answer is cached). */
export async function acceleratorLine(inputs: { qemuOk: boolean; artifacts?: GuestArtifacts; cacheDir: string }): Promise<DoctorLine> {
  const kvm = kvmState();
  if (!inputs.qemuOk || !inputs.artifacts) {
    const missing = inputs.qemuOk ? "the guest's kernel (a3s-box guest build)" : "QEMU";
    return { check, status: "warn", detail: `not probed: a boot probe needs ${missing}${kvm ? `; ${kvm.why}` : ""}`, ...(kvm ? { fix: kvm.fix } : {}) };
  }
  try {
    const qemu = qemuBinaryName();
    const probe = await probeAccelerator({
      qemu,
      qemuVersion: await qemuVersion(qemu),
      kernel: inputs.artifacts.kernel,
      floorInitramfs: inputs.artifacts.floorInitramfs,
      cacheDir: inputs.cacheDir,
    });
    if (probe.accel === "kvm") return { check, status: "ok", detail: "KVM: a VM booted with hardware virtualization" };
    if (probe.accel === "hvf") return { check, status: "ok", detail: "HVF (Hypervisor.framework): a VM booted with hardware virtualization" };
    const failures = probe.failures?.length ? ` (${probe.failures.join("; ")})` : "";
    const why = kvm ? `${kvm.why}${failures}` : `no hardware accelerator booted a VM${failures}`;
    return { check, status: "warn", detail: `TCG (software emulation, boxes run but slowly): ${why}`, ...(kvm ? { fix: kvm.fix } : {}) };
  } catch (error) {
    return { check, status: "fail", detail: A3sError.from(error).message };
  }
}

/** Why KVM is not in use on Linux, judged from /dev/kvm (the boot probe has the last word). */
function kvmState(): { why: string; fix: string } | undefined {
  if (process.platform !== "linux") return undefined;
  if (!existsSync("/dev/kvm")) {
    return {
      why: "/dev/kvm does not exist (no KVM in this kernel, or no hardware virtualization)",
      fix: "enable VT-x/AMD-V in the firmware and load kvm_intel or kvm_amd; inside a VM, enable nested virtualization",
    };
  }
  try {
    accessSync("/dev/kvm", constants.R_OK | constants.W_OK);
  } catch {
    return { why: "/dev/kvm exists but this user cannot open it", fix: "add yourself to the kvm group (`sudo usermod -aG kvm $USER`), then log in again" };
  }
  return {
    why: "/dev/kvm exists but a VM did not boot with KVM (e.g. a paravirtual KVM that runs only special guest kernels)",
    fix: "use a host whose KVM boots stock kernels (bare metal, or a VM with nested virtualization)",
  };
}
