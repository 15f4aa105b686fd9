// A guest made of real but tiny files (no kernel boots from it), for push/pull tests: the
// same layout the builder makes, so pushGuest and pullGuest treat it as a built guest.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GuestArtifacts } from "../../runtime/vm/guest-artifacts";
import type { GuestArch } from "../../runtime/guest-image/guest-arch";

export function fakeGuest(dir: string, arch: GuestArch, options: { kernelBytes?: number } = {}): GuestArtifacts {
  const kernel = arch === "arm64" ? "Image" : "vmlinux";
  const loader = arch === "arm64" ? "ld-linux-aarch64.so.1" : "ld-linux-x86-64.so.2";
  mkdirSync(join(dir, "agent/bin"), { recursive: true });
  mkdirSync(join(dir, "agent/lib"), { recursive: true });
  mkdirSync(join(dir, "rootfs/usr/bin"), { recursive: true });
  writeFileSync(join(dir, kernel), Buffer.alloc(options.kernelBytes ?? 256 * 1024, 0x41));
  writeFileSync(join(dir, "initramfs.cpio"), "070701 the box's initramfs");
  writeFileSync(join(dir, "floor.cpio"), "070701 the floor");
  writeFileSync(join(dir, "agent/bin/node"), "#!node\n", { mode: 0o755 });
  writeFileSync(join(dir, "agent/lib", loader), "loader");
  symlinkSync(loader, join(dir, "agent/lib/ld.so"));
  writeFileSync(join(dir, "agent/agent.cjs"), "console.log('agent')\n");
  writeFileSync(join(dir, "agent.img"), Buffer.alloc(64 * 1024, 0x45));
  writeFileSync(join(dir, "rootfs/usr/bin/bash"), "#!bash\n", { mode: 0o755 });
  return {
    arch,
    kernel: join(dir, kernel),
    kernelRelease: arch === "arm64" ? "6.1.0-57-arm64" : "6.1.0-57-amd64",
    initramfs: join(dir, "initramfs.cpio"),
    floorInitramfs: join(dir, "floor.cpio"),
    agentLayer: join(dir, "agent"),
    agentImage: join(dir, "agent.img"),
    rootfs: join(dir, "rootfs"),
  };
}
