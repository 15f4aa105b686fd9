/**
 * Skills as tools the model can call: every `tools:` entry of every skill, plus `skill`,
 * which activates a skill by returning its instructions. The model sees each skill's
 * name and description in the `skill` tool's description; the body enters the context
 * only when the model activates it.
 */
import { defineTool, type ToolDefinition } from "../tools/define";
import type { ToolRegistry, ToolSpec } from "../tools/registry";
import { DEFAULT_SKILL_TOOL_TIMEOUT_MS, runSkillBackend } from "../skills/skill-backends";
import type { Skill, SkillRegistry } from "../skills/skill-registry";

export const SKILL_TOOL = "skill";

/** Makes the registry's tools match the skills: call after every load or unload. */
export function syncSkillTools(tools: ToolRegistry, skills: SkillRegistry): void {
  for (const tool of tools.list()) if (tool.source.startsWith("skill:") || tool.name === SKILL_TOOL) tools.unregister(tool.name);
  const all = skills.list();
  for (const skill of all) for (const definition of skillToolDefinitions(skill, skills)) tools.register(definition, `skill:${skill.name}`);
  if (all.length > 0) tools.register(activationTool(skills), "builtin");
}

function skillToolDefinitions(skill: Skill, skills: SkillRegistry): ToolDefinition[] {
  return skill.tools.map((tool) =>
    defineTool({
      name: tool.name,
      description: `${tool.description} (from the skill ${skill.name}; activate it with the skill tool for instructions)`,
      parameters: tool.parameters,
      execute: (args, context) =>
        runSkillBackend(tool.backend, args, {
          skillDir: skill.dir,
          // Asked at the call: the built-in skills' tools are registered before the state folder is known.
          toolCacheDir: skills.toolCacheDir(),
          cwd: context.workspace.resolve(context.cwd),
          signal: context.signal,
          timeoutMs: tool.timeoutMs ?? DEFAULT_SKILL_TOOL_TIMEOUT_MS,
          runProcess: context.runProcess,
        }),
    }),
  );
}

function activationTool(skills: SkillRegistry): ToolDefinition<{ name: string }> {
  return defineTool<{ name: string }>({
    ...activationSpec(skills.list()),
    execute: async ({ name }) => {
      const skill = skills.get(name);
      if (!skill) throw new Error(`no skill named "${name}"`);
      const tools = skill.tools.length > 0 ? `\n\nTools of this skill: ${skill.tools.map((t) => t.name).join(", ")}.` : "";
      return `# Skill: ${skill.name}\n\n${skill.body}${tools}`;
    },
  });
}

/** The `skill` tool as offered to a model that may activate exactly these skills. */
export function activationSpec(skills: readonly Skill[]): ToolSpec {
  const list = skills.map((s) => `- ${s.name}: ${s.description}`).join("\n");
  return {
    name: SKILL_TOOL,
    description: `Activate a skill: returns its instructions, which say how to do a kind of task well. Activate one before a task it covers.\nAvailable skills:\n${list}`,
    parameters: {
      type: "object",
      properties: { name: { type: "string", enum: skills.map((s) => s.name), description: "the skill's name" } },
      required: ["name"],
      additionalProperties: false,
    },
  };
}
