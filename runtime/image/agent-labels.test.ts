import { describe, expect, it } from "vitest";
import { A3sError } from "../../common/errors";
import { agentConfigOfLabels } from "./agent-labels";

describe("io.a3s.box.* labels", () => {
  it("read the model, system prompt, permission policy and skills folder", () => {
    expect(
      agentConfigOfLabels({
        "io.a3s.box.model": "openai/gpt-4o-mini",
        "io.a3s.box.system-prompt": "You review SQL.",
        "io.a3s.box.permission-policy": '{"deny": ["bash(rm *)"], "ask": ["write"], "default": "allow"}',
        "io.a3s.box.skills": "/opt/skills",
        "org.opencontainers.image.title": "ignored",
      }),
    ).toEqual({
      model: { provider: "openai", name: "gpt-4o-mini" },
      system: "You review SQL.",
      permissionPolicy: { deny: ["bash(rm *)"], ask: ["write"], default: "allow" },
      skills: "/opt/skills",
    });
    expect(agentConfigOfLabels({})).toEqual({});
  });

  it("read the tools command in exec form (a JSON array) or shell form (run by sh -c), as a Dockerfile's CMD", () => {
    expect(agentConfigOfLabels({ "io.a3s.box.tools-command": '["redis-server", "--port", "6379"]' })).toEqual({ toolsCommand: ["redis-server", "--port", "6379"] });
    expect(agentConfigOfLabels({ "io.a3s.box.tools-command": "httpd -f -p 8080 && echo never" })).toEqual({ toolsCommand: ["sh", "-c", "httpd -f -p 8080 && echo never"] });
  });

  it("refuse a bad label by name", () => {
    const problem = (labels: Record<string, string>) => {
      try {
        agentConfigOfLabels(labels);
      } catch (error) {
        expect(A3sError.is(error, "IMAGE_ERROR")).toBe(true);
        return (error as Error).message;
      }
      throw new Error("no error");
    };
    expect(problem({ "io.a3s.box.model": "claude" })).toBe('the image label io.a3s.box.model must be "provider/name", got "claude"');
    expect(problem({ "io.a3s.box.model": "acme/x" })).toContain('names the provider "acme"');
    expect(problem({ "io.a3s.box.permission-policy": "{nope" })).toBe("the image label io.a3s.box.permission-policy is not valid JSON");
    expect(problem({ "io.a3s.box.permission-policy": '{"allow": "bash"}' })).toContain('"allow" must be a list of rules');
    expect(problem({ "io.a3s.box.permission-policy": '{"default": "maybe"}' })).toContain('"default" must be allow, ask or deny');
    expect(problem({ "io.a3s.box.permission-policy": '{"alow": []}' })).toContain('unknown key "alow"');
    expect(problem({ "io.a3s.box.skills": "skills" })).toContain("must be an absolute folder");
    expect(problem({ "io.a3s.box.skills": "/opt/../etc" })).toContain("must be an absolute folder");
    expect(problem({ "io.a3s.box.tools-command": "  " })).toBe("the image label io.a3s.box.tools-command is empty");
    expect(problem({ "io.a3s.box.tools-command": '["redis-server", ' })).toBe("the image label io.a3s.box.tools-command starts with [ but is not a JSON array");
    expect(problem({ "io.a3s.box.tools-command": '["redis-server", 6379]' })).toContain("tools-command must be a non-empty list of strings");
    expect(problem({ "io.a3s.box.tools-command": "[]" })).toContain("tools-command must be a non-empty list of strings");
    expect(problem({ "io.a3s.box.tools-command": '["a\\u0000b"]' })).toContain("may not hold NUL characters");
    expect(problem({ "io.a3s.box.tools-command": "x".repeat(20_000) })).toContain("is longer than 16384 characters");
  });
});
