/**
 * SKILL.md as in the public Agent Skills format: YAML frontmatter (`name`, `description`,
 * optional `license`, `compatibility`, `allowed-tools`, `metadata`) and a Markdown body of
 * instructions. `allowed-tools` holds permission rules (`bash(git *) read`) that become
 * session allow rules once the skill is activated. A3S adds `tools:`, callable tools with a JSON Schema for their parameters
 * and a backend: `binary` (an executable, or a `url` + `sha256` downloaded on first use; the
 * arguments as JSON on stdin), `http` (POST
 * JSON to a URL) or `script` (source run by a named interpreter, arguments on stdin).
 */
import { Ajv } from "ajv";
import { parseDocument } from "yaml";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { parseRule } from "../policy/rule";
import { describeSchemaErrors } from "../schema/describe-errors";

export type SkillBackend =
  | { type: "binary"; path: string; url?: undefined; sha256?: undefined; args?: string[] }
  /** Downloaded on first use into the tool cache, kept and run only when its SHA-256 matches. */
  | { type: "binary"; url: string; sha256: string; path?: undefined; args?: string[] }
  | { type: "http"; url: string; headers?: Record<string, string> }
  | { type: "script"; interpreter: string; source?: string; file?: string; args?: string[] };

export interface SkillToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  backend: SkillBackend;
  timeoutMs?: number;
}

export interface SkillDocument {
  name: string;
  description: string;
  license?: string;
  compatibility?: string;
  allowedTools: string[];
  metadata: Record<string, string>;
  tools: SkillToolSpec[];
  /** The Markdown instructions after the frontmatter. */
  body: string;
}

const strings = { type: "array", items: { type: "string", minLength: 1 } };
const backendSchema = {
  type: "object",
  required: ["type"],
  properties: { type: { enum: ["binary", "http", "script"] } },
  allOf: [
    {
      if: { properties: { type: { const: "binary" } } },
      then: {
        properties: { type: {}, path: { type: "string", minLength: 1 }, url: { type: "string", pattern: "^https?://" }, sha256: { type: "string", pattern: "^[0-9a-fA-F]{64}$" }, args: strings },
        additionalProperties: false,
      },
    },
    {
      if: { properties: { type: { const: "http" } } },
      then: {
        properties: { type: {}, url: { type: "string", pattern: "^https?://" }, headers: { type: "object", additionalProperties: { type: "string" } } },
        required: ["url"],
        additionalProperties: false,
      },
    },
    {
      if: { properties: { type: { const: "script" } } },
      then: {
        properties: { type: {}, interpreter: { type: "string", minLength: 1 }, source: { type: "string", minLength: 1 }, file: { type: "string", minLength: 1 }, args: strings },
        required: ["interpreter"],
        additionalProperties: false,
      },
    },
  ],
};

const frontmatterSchema = {
  type: "object",
  required: ["name", "description"],
  properties: {
    name: { type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", maxLength: 64 },
    description: { type: "string", minLength: 1, maxLength: 1024 },
    license: { type: "string" },
    compatibility: { type: "string", maxLength: 500 },
    "allowed-tools": { anyOf: [{ type: "string" }, strings] },
    metadata: { type: "object", additionalProperties: { type: "string" } },
    tools: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "description", "parameters", "backend"],
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
          description: { type: "string", minLength: 1 },
          parameters: { type: "object", required: ["type"], properties: { type: { const: "object" } } },
          backend: backendSchema,
          timeoutMs: { type: "integer", minimum: 1 },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateFrontmatter = ajv.compile(frontmatterSchema);

function invalid(message: string): A3sError {
  return new A3sError(ErrorCodes.SKILL_INVALID, `invalid SKILL.md: ${message}; nothing was loaded`);
}

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Parses and checks a SKILL.md; throws SKILL_INVALID naming the field at fault. */
export function parseSkillDocument(content: string): SkillDocument {
  const match = FRONTMATTER.exec(content.replace(/^\uFEFF/, ""));
  if (!match) throw invalid("it must start with YAML frontmatter between two lines of ---");
  const doc = parseDocument(match[1]!, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw invalid(`the frontmatter is not valid YAML: ${doc.errors[0]!.message}`);
  const data: unknown = doc.toJS();
  if (!validateFrontmatter(data)) throw invalid(describeSchemaErrors(validateFrontmatter.errors ?? []));
  const fm = data as {
    name: string; description: string; license?: string; compatibility?: string;
    "allowed-tools"?: string | string[]; metadata?: Record<string, string>; tools?: SkillToolSpec[];
  };
  const tools = fm.tools ?? [];
  tools.forEach((tool, i) => {
    try {
      ajv.compile(tool.parameters);
    } catch (err) {
      throw invalid(`tools[${i}].parameters is not a valid JSON Schema: ${(err as Error).message}`);
    }
    if (tool.backend.type === "script" && (tool.backend.source === undefined) === (tool.backend.file === undefined)) {
      throw invalid(`tools[${i}].backend needs exactly one of source (the script itself) and file (a script in the skill's folder)`);
    }
    // A program in the box, or one downloaded on first use and verified against its sha256.
    const binary = tool.backend.type === "binary" ? (tool.backend as { path?: string; url?: string; sha256?: string }) : undefined;
    if (binary && (binary.path === undefined) === (binary.url === undefined && binary.sha256 === undefined)) {
      throw invalid(`tools[${i}].backend needs either path (a program in the box) or url and sha256 (a program downloaded on first use), not both`);
    }
    if (binary && binary.path === undefined && (binary.url === undefined || binary.sha256 === undefined)) {
      const [missing, given] = binary.url === undefined ? ["url", "sha256"] : ["sha256", "url"];
      throw invalid(`tools[${i}].backend.${missing} is required with ${given}: a download is run only when its SHA-256 matches`);
    }
    const twin = tools.findIndex((t) => t.name === tool.name);
    if (twin !== i) throw invalid(`tools[${i}].name "${tool.name}" repeats tools[${twin}].name`);
  });
  const allowed = fm["allowed-tools"];
  const allowedTools = typeof allowed === "string" ? (allowed.match(/[^\s(]+(?:\([^)]*\)?)?/g) ?? []) : (allowed ?? []);
  for (const rule of allowedTools) {
    try {
      parseRule(rule);
    } catch (err) {
      throw invalid(`allowed-tools: ${(err as Error).message}`);
    }
  }
  return {
    name: fm.name,
    description: fm.description,
    ...(fm.license !== undefined ? { license: fm.license } : {}),
    ...(fm.compatibility !== undefined ? { compatibility: fm.compatibility } : {}),
    allowedTools,
    metadata: fm.metadata ?? {},
    tools,
    body: content.slice(match[0].length + (content.startsWith("\uFEFF") ? 1 : 0)).trim(),
  };
}
