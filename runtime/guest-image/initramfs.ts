import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { downloadDebs, unpackDeb, type DebPackage } from "./apt";
import { buildOnce, hashFile, hashInputs } from "./cache";
import { packCpio } from "./cpio";
import { run } from "./exec";
import { hostGuestArch, type GuestArch } from "./guest-arch";
import type { KernelArtifact } from "./kernel";

export interface InitramfsArtifacts {
  /** The box's initramfs: busybox, tini, the virtio modules and guest/init. */
  initramfs: string;
  /** The floor: same kernel, an init that powers off at once (accelerator probe, benchmark). */
  floor: string;
  key: string;
}

/** Scripts of guest/init and where they go in the initramfs. */
const INIT_FILES: Record<string, string> = {
  init: "init",
  "start-agent": "lib/a3s/start-agent",
  "agent-ns": "lib/a3s/agent-ns",
  attach: "lib/a3s/attach",
  "tools-ns": "lib/a3s/tools-ns",
  "protect-paths": "lib/a3s/protect-paths",
  "mount-share": "lib/a3s/mount-share",
  shares: "lib/a3s/shares",
  "business-root": "lib/a3s/business-root",
  "rehearse-attach": "lib/a3s/rehearse-attach",
  "vsock-bridge": "lib/a3s/vsock-bridge",
  "container-init": "lib/a3s/container-init",
  "tool-shell": "bin/bash",
  "floor-init": "floor-init",
};

/** The entropy helper of restored templates (guest/init/attach), compiled static when a C compiler is here. */
const RESEED_SOURCE = "reseed.c";

/**
 * Without a C compiler the initramfs has no helper, and boxes boot cold (the host's template
 * build fails with init's message and the backend falls back).
 */
async function compileReseed(source: string, output: string): Promise<void> {
  await run("cc", ["-static", "-Os", "-s", "-o", output, source]).catch((error: Error) => {
    if (!error.message.includes("is not installed")) throw error;
  });
}

/** Applets `init` and the namespace scripts use; `sh` and `bash` are tool-shell instead. */
const APPLETS = [
  "cat", "cp", "date", "echo", "grep", "hostname", "insmod", "ip", "mkdir", "mkfifo", "mount", "nsenter", "poweroff", "reboot",
  "rm", "sed", "seq", "sleep", "stty", "sync", "touch", "tr", "umount", "unshare", "usleep",
];

export async function buildInitramfs(
  cacheDir: string,
  kernel: KernelArtifact,
  tools: { busybox: DebPackage; tini: DebPackage },
  initDir: string,
  apt: readonly string[],
  arch: GuestArch,
): Promise<InitramfsArtifacts> {
  const hostArch = hostGuestArch();
  const scripts = await Promise.all([...Object.keys(INIT_FILES), RESEED_SOURCE].map((f) => hashFile(join(initDir, f))));
  const key = hashInputs("initramfs/2", kernel.key, `${tools.busybox.name}=${tools.busybox.version}`, `${tools.tini.name}=${tools.tini.version}`, ...scripts);
  const dir = join(cacheDir, `initramfs-${key}`);
  await buildOnce(dir, async (tmp) => {
    const work = await mkdtemp(join(cacheDir, `.initramfs-work-${process.pid}-`));
    try {
      const debs = join(work, "debs");
      const unpacked = join(work, "unpacked");
      await mkdir(debs);
      await mkdir(unpacked);
      for (const deb of await downloadDebs([tools.busybox, tools.tini], debs, apt)) await unpackDeb(deb, unpacked);
      const busybox = join(unpacked, "bin/busybox");

      const box = join(work, "box");
      const floor = join(work, "floor");
      for (const root of [box, floor]) {
        for (const d of ["bin", "dev", "proc", "sys", "run", "tmp", "lib/a3s", "lib/modules"]) await mkdir(join(root, d), { recursive: true });
        await copyFile(busybox, join(root, "bin/busybox"));
        await chmod(join(root, "bin/busybox"), 0o755);
      }
      for (const applet of APPLETS) await symlink("busybox", join(box, "bin", applet));
      await copyFile(join(unpacked, "usr/bin/tini-static"), join(box, "bin/tini"));
      await chmod(join(box, "bin/tini"), 0o755);
      for (const [source, target] of Object.entries(INIT_FILES)) {
        if (source === "floor-init") continue;
        await copyFile(join(initDir, source), join(box, target));
        await chmod(join(box, target), 0o755);
      }
      await symlink("bash", join(box, "bin/sh"));
      // The template helper is compiled here, so only for a guest of this host's architecture.
      if (arch === hostArch) await compileReseed(join(initDir, RESEED_SOURCE), join(box, "bin/a3s-reseed"));
      // Only the modules the kernel did not build in (init loads those present).
      for (const module of await readdir(kernel.modulesDir)) await copyFile(join(kernel.modulesDir, module), join(box, "lib/modules", module));
      await writeFile(join(floor, "init"), await readFile(join(initDir, "floor-init")), { mode: 0o755 });
      await symlink("busybox", join(floor, "bin/poweroff"));

      await mkdir(tmp);
      await packCpio(box, join(tmp, "initramfs.cpio"));
      await packCpio(floor, join(tmp, "floor.cpio"));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
  return { initramfs: join(dir, "initramfs.cpio"), floor: join(dir, "floor.cpio"), key };
}
