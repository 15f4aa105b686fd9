import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package root: the folder holding package.json, from source or from dist/; in the
 * packaged app, resources/app.asar (also when this code runs from app.asar.unpacked).
 */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (dir.endsWith(".asar.unpacked")) return dir.slice(0, -".unpacked".length);
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "proto"))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the a3s-box package root above ${start}`);
  }
}

/**
 * Where the files live that other programs read (a VM's shares, busybox, a child Node,
 * dlopen): real files, so in the packaged app outside the asar archive, in app.asar.unpacked
 * (electron-builder.yml's asarUnpack). Elsewhere, the package root itself.
 */
export const unpackedRoot = packageRoot.replace(/\.asar$/, ".asar.unpacked");

/** The bundled agent program that runs in every VM (and under `a3s-box agent`). */
export const agentBundlePath = join(unpackedRoot, "dist/guest/agent.cjs");

/** The guest image builder (runtime/guest-image, bundled) and the init scripts it packs. */
export const imageBuilderPath = join(unpackedRoot, "dist/guest/image-builder.cjs");
export const guestInitDir = join(unpackedRoot, "guest/init");

/** The built-in skills; the agent layer carries a copy into every VM. */
export const builtinSkillsDir = join(unpackedRoot, "resources/skills");

/** The krun VM process (a child Node) and the libkrun addon it loads. */
export const krunVmProgramPath = join(unpackedRoot, "dist/runtime/krun-vm.js");
export const krunAddonPath = join(unpackedRoot, "native/build/Release/krun.node");

/** Every file or folder above, for the packaging test. */
export const UNPACKED_PATHS = [agentBundlePath, imageBuilderPath, guestInitDir, builtinSkillsDir, krunVmProgramPath, krunAddonPath] as const;
