/**
 * The skills an image ships (label io.a3s.box.skills): each subfolder of that image folder
 * with a SKILL.md. Read on the host from the unpacked rootfs, confined to it (an image's
 * symlink cannot lead out), and loaded into the box's agent once it answers.
 */
import { lstat, readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { isInside, realPathOf } from "../../common/node/confine-path";
import { imageError } from "../image/errors";

/** A SKILL.md larger than this is refused (the skills shipped here are a few KiB). */
const MAX_SKILL_BYTES = 256 * 1024;

export interface ImageSkill {
  name: string;
  content: string;
}

export async function readImageSkills(rootfsDir: string, folder: string): Promise<ImageSkill[]> {
  const root = realPathOf(rootfsDir);
  const dir = confined(root, folder);
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (error) {
    throw imageError(`the image's skills folder ${folder} (label io.a3s.box.skills) cannot be read: ${(error as Error).message}`, error);
  }
  const skills: ImageSkill[] = [];
  for (const name of names) {
    const file = confined(root, join(folder, name, "SKILL.md"));
    const stat = await lstat(file).catch(() => undefined);
    if (!stat?.isFile()) continue;
    if (stat.size > MAX_SKILL_BYTES) throw imageError(`the image's skill ${folder}/${name}/SKILL.md is larger than ${MAX_SKILL_BYTES} bytes`);
    skills.push({ name, content: await readFile(file, "utf8") });
  }
  return skills;
}

/** `path` of the image, as a host path inside its rootfs, following symlinks as the image would. */
function confined(root: string, path: string): string {
  const real = realPathOf(join(root, path));
  if (!isInside(root, real)) throw imageError(`the image path ${path} leads outside the image`);
  return real;
}
