import { describe, expect, it } from "vitest";
import { A3sError } from "../../../common/errors";
import { parseSkillDocument } from "./skill-format";

const skill = (frontmatter: string, body = "Do the thing.") => `---\n${frontmatter}\n---\n${body}\n`;
const base = "name: greet\ndescription: Greets people.";
const tool = (backend: string) =>
  `${base}\ntools:\n  - name: hello\n    description: Says hello.\n    parameters: { type: object, properties: { who: { type: string } } }\n    backend: ${backend}`;

function errorOf(content: string): string {
  try {
    parseSkillDocument(content);
  } catch (err) {
    expect(A3sError.is(err, "SKILL_INVALID")).toBe(true);
    return (err as Error).message;
  }
  throw new Error("expected the skill to be refused");
}

describe("SKILL.md", () => {
  it("reads the frontmatter, tools and body", () => {
    const doc = parseSkillDocument(
      skill(`${tool("{ type: http, url: 'http://127.0.0.1:1/hello' }")}\nallowed-tools: bash(git *) read\nmetadata: { version: "1" }\nlicense: MIT`, "# Greeting\n\nBe kind."),
    );
    expect(doc).toEqual({
      name: "greet",
      description: "Greets people.",
      license: "MIT",
      allowedTools: ["bash(git *)", "read"],
      metadata: { version: "1" },
      tools: [{ name: "hello", description: "Says hello.", parameters: { type: "object", properties: { who: { type: "string" } } }, backend: { type: "http", url: "http://127.0.0.1:1/hello" } }],
      body: "# Greeting\n\nBe kind.",
    });
  });

  it("accepts each backend", () => {
    expect(parseSkillDocument(skill(tool("{ type: binary, path: /bin/cat, args: ['-'] }"))).tools[0]!.backend.type).toBe("binary");
    expect(parseSkillDocument(skill(tool("{ type: script, interpreter: python3, source: 'print(1)' }"))).tools[0]!.backend.type).toBe("script");
  });

  it("names the field at fault", () => {
    expect(errorOf("no frontmatter")).toBe("invalid SKILL.md: it must start with YAML frontmatter between two lines of ---; nothing was loaded");
    expect(errorOf(skill("name: [unclosed"))).toMatch(/^invalid SKILL.md: the frontmatter is not valid YAML: /);
    expect(errorOf(skill("description: x"))).toContain("name is required");
    expect(errorOf(skill("name: Bad_Name\ndescription: x"))).toContain('name must match pattern "^[a-z0-9]+(-[a-z0-9]+)*$"');
    expect(errorOf(skill(`${base}\ncolour: red`))).toContain('(top level): unknown field "colour"');
    expect(errorOf(skill(tool("{ type: ftp, url: 'ftp://x' }")))).toContain("tools[0].backend.type must be one of binary, http, script");
    expect(errorOf(skill(tool("{ type: http }")))).toContain("tools[0].backend.url is required");
    expect(errorOf(skill(tool("{ type: binary, path: x, mirror: y }")))).toContain('tools[0].backend: unknown field "mirror"');
    expect(errorOf(skill(tool(`{ type: binary, path: x, url: "https://x", sha256: ${"a".repeat(64)} }`)))).toContain("tools[0].backend needs either path (a program in the box) or url and sha256");
    expect(errorOf(skill(tool('{ type: binary, url: "https://x" }')))).toContain("tools[0].backend.sha256 is required with url");
    expect(errorOf(skill(tool("{ type: binary, url: ftp://x, sha256: abc }")))).toContain('tools[0].backend.url must match pattern "^https?://"');
    expect(errorOf(skill(tool("{ type: script, interpreter: sh }")))).toContain("tools[0].backend needs exactly one of source (the script itself) and file");
    expect(errorOf(skill(`${base}\nallowed-tools: "bash("`))).toContain('allowed-tools: invalid permission rule "bash("');
  });

  it("checks that parameters is a JSON Schema of an object", () => {
    const withParams = (p: string) => skill(`${base}\ntools:\n  - { name: t, description: d, parameters: ${p}, backend: { type: binary, path: x } }`);
    expect(errorOf(withParams("{ type: string }"))).toContain("tools[0].parameters.type must be equal to constant");
    expect(errorOf(withParams("{ type: object, properties: { a: { type: nonsense } } }"))).toContain("tools[0].parameters is not a valid JSON Schema");
  });

  it("refuses two tools of one name", () => {
    const t = "{ name: t, description: d, parameters: { type: object }, backend: { type: binary, path: x } }";
    expect(errorOf(skill(`${base}\ntools: [${t}, ${t}]`))).toContain('tools[1].name "t" repeats tools[0].name');
  });
});
