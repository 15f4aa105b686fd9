import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: the folder holding package.json, from source or from dist/. */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "proto"))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the a3s-box package root above ${start}`);
  }
}

/** The bundled agent program that runs in every VM (and under `a3s-box agent`). */
export const agentBundlePath = join(packageRoot, "dist/guest/agent.cjs");

/** The guest image builder (runtime/guest-image, bundled) and the init scripts it packs. */
export const imageBuilderPath = join(packageRoot, "dist/guest/image-builder.cjs");
export const guestInitDir = join(packageRoot, "guest/init");

/** The built-in skills; the agent layer carries a copy into every VM. */
export const builtinSkillsDir = join(packageRoot, "resources/skills");
