/**
 * The skills every session sees: built-in ones shipped in resources/skills (read-only)
 * and those loaded with LoadSkill, persisted as `<state-dir>/skills/<name>/SKILL.md` so
 * they come back after a restart. A skill is checked completely before anything is
 * written or registered.
 */
import { access, readFile, readdir, rm } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { writeFileAtomic } from "../../../common/node/atomic-file";
import { parseSkillDocument, type SkillDocument } from "./skill-format";

export interface Skill extends SkillDocument {
  builtin: boolean;
  /** The skill's folder: relative binary paths and script files resolve against it. */
  dir: string;
}

export interface SkillRegistryOptions {
  /** Where loaded skills persist; without it only the built-in ones are read, until `readLoaded`. */
  stateDir?: string;
  builtinDir?: string;
  /** Names no skill tool may take (the agent's built-in tools). */
  reservedToolNames: readonly string[];
  /** Where skills that cannot be read at start are reported (they are skipped). */
  onError?: (message: string) => void;
}

export class SkillRegistry {
  private readonly skills = new Map<string, Skill>();
  private stateDir: string | undefined;

  private constructor(private readonly options: SkillRegistryOptions) {}

  static async open(options: SkillRegistryOptions): Promise<SkillRegistry> {
    const registry = new SkillRegistry(options);
    if (options.builtinDir) await registry.readFolder(options.builtinDir, true);
    if (options.stateDir) await registry.readLoaded(options.stateDir);
    return registry;
  }

  /**
   * Reads the skills loaded earlier from `stateDir` (where LoadSkill persists them). Separate from
   * `open` so that the built-in skills can be read before the box's state is there (attach).
   */
  async readLoaded(stateDir: string): Promise<void> {
    if (this.stateDir !== undefined) throw new Error("the skills' state folder is set already");
    this.stateDir = stateDir;
    await this.readFolder(this.loadedDir(), false);
  }

  list(): Skill[] {
    return [...this.skills.values()].sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.name.localeCompare(b.name));
  }

  get(name: string): Skill | undefined {
    return this.skills.get(name);
  }

  /** Checks, persists and adds a skill (replacing a loaded one of the same name). */
  async load(name: string, content: string): Promise<Skill> {
    if (!name) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "loadSkill needs the skill's name");
    const existing = this.skills.get(name);
    if (existing?.builtin) throw new A3sError(ErrorCodes.ALREADY_EXISTS, `"${name}" is a built-in skill and cannot be replaced`);
    const dir = join(this.loadedDir(), name);
    const skill = await this.check(parseSkillDocument(content), dir, false, name);
    await writeFileAtomic(join(dir, "SKILL.md"), content);
    this.skills.set(name, skill);
    return skill;
  }

  async unload(name: string): Promise<Skill> {
    const skill = this.skills.get(name);
    if (!skill) throw new A3sError(ErrorCodes.NOT_FOUND, `no skill named "${name}" is loaded`);
    if (skill.builtin) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `"${name}" is a built-in skill and cannot be unloaded`);
    await rm(skill.dir, { recursive: true, force: true });
    this.skills.delete(name);
    return skill;
  }

  /** The skill that defines a tool of this name, with the tool. */
  findTool(toolName: string) {
    for (const skill of this.skills.values()) {
      const tool = skill.tools.find((t) => t.name === toolName);
      if (tool) return { skill, tool };
    }
    return undefined;
  }

  /** Binaries that skills download on first use, under the loaded skills' folder so the tools see them. */
  toolCacheDir(): string {
    return join(this.loadedDir(), ".tool-cache");
  }

  private loadedDir(): string {
    if (this.stateDir === undefined) throw new Error("the skills' state folder is not set yet (readLoaded)");
    return join(this.stateDir, "skills");
  }

  private async readFolder(root: string, builtin: boolean): Promise<void> {
    const entries = await readdir(root, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return [];
      throw err;
    });
    // Dot folders are not skills (skill names cannot start with a dot): the tool cache lives there.
    for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).sort((a, b) => a.name.localeCompare(b.name))) {
      const dir = join(root, entry.name);
      try {
        const content = await readFile(join(dir, "SKILL.md"), "utf8");
        this.skills.set(entry.name, await this.check(parseSkillDocument(content), dir, builtin, entry.name));
      } catch (err) {
        this.options.onError?.(`skipped the skill in ${dir}: ${(err as Error).message}`);
      }
    }
  }

  private async check(doc: SkillDocument, dir: string, builtin: boolean, expectedName: string): Promise<Skill> {
    if (doc.name !== expectedName) {
      throw new A3sError(ErrorCodes.SKILL_INVALID, `invalid SKILL.md: name is "${doc.name}" but the skill is loaded as "${expectedName}"; nothing was loaded`);
    }
    for (const [i, tool] of doc.tools.entries()) {
      const owner = this.options.reservedToolNames.includes(tool.name) ? "a built-in tool" : this.ownerOf(tool.name, doc.name);
      if (owner) throw new A3sError(ErrorCodes.SKILL_INVALID, `invalid SKILL.md: tools[${i}].name "${tool.name}" is already ${owner}; nothing was loaded`);
      const local = tool.backend.type === "script" ? tool.backend.file : tool.backend.type === "binary" && tool.backend.path?.includes("/") ? tool.backend.path : undefined;
      if (local !== undefined) await this.checkLocalFile(dir, local, `tools[${i}].backend.${tool.backend.type === "script" ? "file" : "path"}`);
    }
    return { ...doc, builtin, dir };
  }

  private ownerOf(toolName: string, exceptSkill: string): string | undefined {
    const found = this.findTool(toolName);
    return found && found.skill.name !== exceptSkill ? `a tool of the skill "${found.skill.name}"` : undefined;
  }

  private async checkLocalFile(dir: string, path: string, field: string): Promise<void> {
    if (path.startsWith("/")) return;
    const full = resolve(dir, path);
    const rel = relative(dir, full);
    const inside = rel !== "" && !rel.startsWith(`..${sep}`) && rel !== "..";
    if (!inside || !(await access(full).then(() => true, () => false))) {
      throw new A3sError(ErrorCodes.SKILL_INVALID, `invalid SKILL.md: ${field} "${path}" is not a file inside the skill's folder; nothing was loaded`);
    }
  }
}
