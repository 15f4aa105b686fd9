import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readImageSkills } from "./image-skills";

const roots: string[] = [];
function rootfs(): string {
  const root = mkdtempSync(join(tmpdir(), "a3s-image-skills-"));
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("an image's skills", () => {
  it("are the subfolders with a SKILL.md, by name", async () => {
    const root = rootfs();
    mkdirSync(join(root, "opt/skills/alpha"), { recursive: true });
    mkdirSync(join(root, "opt/skills/empty"), { recursive: true });
    writeFileSync(join(root, "opt/skills/alpha/SKILL.md"), "---\nname: alpha\n---\n");
    writeFileSync(join(root, "opt/skills/README"), "not a skill");
    expect(await readImageSkills(root, "/opt/skills")).toEqual([{ name: "alpha", content: "---\nname: alpha\n---\n" }]);
  });

  it("cannot lead out of the image through a symlink", async () => {
    const root = rootfs();
    const outside = rootfs();
    writeFileSync(join(outside, "secret"), "host secret");
    mkdirSync(join(root, "opt/skills/leak"), { recursive: true });
    symlinkSync(join(outside, "secret"), join(root, "opt/skills/leak/SKILL.md"));
    await expect(readImageSkills(root, "/opt/skills")).rejects.toThrow("the image path /opt/skills/leak/SKILL.md leads outside the image");
    symlinkSync(outside, join(root, "elsewhere"));
    await expect(readImageSkills(root, "/elsewhere")).rejects.toThrow("the image path /elsewhere leads outside the image");
  });

  it("say when the folder is missing", async () => {
    await expect(readImageSkills(rootfs(), "/opt/none")).rejects.toMatchObject({ code: "IMAGE_ERROR", message: expect.stringContaining("the image's skills folder /opt/none (label io.a3s.box.skills) cannot be read") });
  });
});
