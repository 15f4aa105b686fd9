import { chmod, mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { A3sError } from "../../../common/errors";
import { SkillRegistry } from "./skill-registry";

let root: string;
let stateDir: string;
let builtinDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "a3s-skills-"));
  stateDir = join(root, "state");
  builtinDir = join(root, "builtin");
  await mkdir(join(builtinDir, "shipped"), { recursive: true });
  await writeFile(join(builtinDir, "shipped", "SKILL.md"), skillMd("shipped", "shipped_tool", "{ type: script, interpreter: sh, file: run.sh }"));
  await writeFile(join(builtinDir, "shipped", "run.sh"), "echo shipped");
});
afterEach(() => rm(root, { recursive: true, force: true }));

function skillMd(name: string, toolName = "t", backend = "{ type: http, url: 'http://127.0.0.1:9/x' }") {
  return `---\nname: ${name}\ndescription: The ${name} skill.\ntools:\n  - name: ${toolName}\n    description: d\n    parameters: { type: object }\n    backend: ${backend}\n---\nBody of ${name}.\n`;
}

const open = (errors: string[] = []) => SkillRegistry.open({ stateDir, builtinDir, reservedToolNames: ["bash", "read"], onError: (m) => errors.push(m) });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  if (!A3sError.is(err)) throw new Error(`expected an A3sError, got ${String(err)}`);
  return `${err.code}: ${err.message}`;
}

describe("SkillRegistry", () => {
  it("lists built-in skills and loads, persists and unloads others", async () => {
    const registry = await open();
    expect(registry.list().map((s) => [s.name, s.builtin])).toEqual([["shipped", true]]);
    await registry.load("notes", skillMd("notes", "take_note"));
    expect(await readFile(join(stateDir, "skills", "notes", "SKILL.md"), "utf8")).toBe(skillMd("notes", "take_note"));
    expect(registry.findTool("take_note")?.skill.name).toBe("notes");

    const restarted = await open();
    expect(restarted.list().map((s) => s.name)).toEqual(["shipped", "notes"]);
    expect(restarted.get("notes")?.body).toBe("Body of notes.");

    await restarted.unload("notes");
    expect((await open()).list().map((s) => s.name)).toEqual(["shipped"]);
  });

  it("refuses a name mismatch, a taken tool name or a missing script, and writes nothing", async () => {
    const registry = await open();
    expect(await codeOf(registry.load("other", skillMd("notes")))).toBe(
      'SKILL_INVALID: invalid SKILL.md: name is "notes" but the skill is loaded as "other"; nothing was loaded',
    );
    expect(await codeOf(registry.load("x", skillMd("x", "bash")))).toContain('tools[0].name "bash" is already a built-in tool');
    expect(await codeOf(registry.load("y", skillMd("y", "shipped_tool")))).toContain('tools[0].name "shipped_tool" is already a tool of the skill "shipped"');
    expect(await codeOf(registry.load("z", skillMd("z", "t", "{ type: script, interpreter: sh, file: ../../etc/passwd }")))).toContain(
      'tools[0].backend.file "../../etc/passwd" is not a file inside the skill\'s folder',
    );
    expect(registry.list().map((s) => s.name)).toEqual(["shipped"]);
    expect(await readFile(join(stateDir, "skills", "x", "SKILL.md"), "utf8").catch(() => "absent")).toBe("absent");
  });

  it("replaces a loaded skill but never a built-in one, and cannot unload what is not loaded", async () => {
    const registry = await open();
    await registry.load("notes", skillMd("notes", "a"));
    await registry.load("notes", skillMd("notes", "b"));
    expect(registry.get("notes")?.tools.map((t) => t.name)).toEqual(["b"]);
    expect(await codeOf(registry.load("shipped", skillMd("shipped")))).toContain("ALREADY_EXISTS");
    expect(await codeOf(registry.unload("shipped"))).toContain("is a built-in skill and cannot be unloaded");
    expect(await codeOf(registry.unload("ghost"))).toBe('NOT_FOUND: no skill named "ghost" is loaded');
  });

  it("skips and reports a corrupt persisted skill at start", async () => {
    await mkdir(join(stateDir, "skills", "broken"), { recursive: true });
    await writeFile(join(stateDir, "skills", "broken", "SKILL.md"), "not a skill");
    const errors: string[] = [];
    const registry = await open(errors);
    expect(registry.list().map((s) => s.name)).toEqual(["shipped"]);
    expect(errors[0]).toMatch(/skipped the skill in .*broken: invalid SKILL.md: it must start with YAML frontmatter/);
  });

  it("resolves relative binary paths in the skill's folder", async () => {
    const registry = await open();
    await mkdir(join(stateDir, "skills", "tooly", "bin"), { recursive: true });
    await writeFile(join(stateDir, "skills", "tooly", "bin", "run"), "#!/bin/sh\necho hi\n");
    await chmod(join(stateDir, "skills", "tooly", "bin", "run"), 0o755);
    const skill = await registry.load("tooly", skillMd("tooly", "t", "{ type: binary, path: bin/run }"));
    expect(skill.dir).toBe(join(stateDir, "skills", "tooly"));
  });
});
