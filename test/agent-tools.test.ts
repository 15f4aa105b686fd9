// Each built-in tool, called by a scripted model through the real agent process over gRPC.
import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ToolResult } from "../common/chunks";
import { tempDir, useAgentWithModels } from "./helpers/agent-process";
import { reply, toolCalls } from "./model-server/script";

const setup = useAgentWithModels();
let sessionId: string;
const outside = tempDir("a3s-outside-");

beforeAll(() => {
  writeFileSync(join(outside.path, "secret.txt"), "top secret\n");
});

afterAll(() => {
  outside.remove();
});

beforeEach(async () => {
  setup.models.reset();
  sessionId = await setup.agent.client.createSession();
});

/** Has the model call one tool, and returns what the tool answered. */
async function callTool(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  setup.models.script(toolCalls([{ name, args }]), reply("ok"));
  const result = await setup.agent.client.generate(sessionId, `use ${name}`);
  expect(result.toolResults).toHaveLength(1);
  return result.toolResults[0]!;
}

const ws = (...parts: string[]) => join(setup.agent.workspace, ...parts);

describe("bash", () => {
  it("runs in the workspace and reports output and exit code", async () => {
    const r = await callTool("bash", { command: "pwd; echo err >&2; exit 3" });
    expect(r.isError).toBe(false);
    expect(r.output).toBe(`${setup.agent.workspace}\nerr\nexit code: 3`);
  });

  it("runs in the session's cwd, where relative paths of the other tools start too", async () => {
    mkdirSync(ws("sub"));
    writeFileSync(ws("sub/here.txt"), "in sub\n");
    sessionId = await setup.agent.client.createSession({ cwd: "sub" });
    expect((await callTool("bash", { command: "pwd" })).output).toBe(`${ws("sub")}\nexit code: 0`);
    expect((await callTool("read", { file_path: "here.txt" })).output).toBe("1\tin sub");
    expect((await callTool("read", { file_path: "../../x.txt" })).output).toContain("is outside the workspace");
  });

  it("kills the whole process group on timeout", async () => {
    const marker = ws("child-survived");
    const r = await callTool("bash", { command: `(sleep 2; touch ${marker}) & sleep 30`, timeout_ms: 300 });
    expect(r.isError).toBe(true);
    expect(r.output).toContain("timed out after 300 ms");
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(existsSync(marker)).toBe(false);
  });

  it("truncates long output with a marker", async () => {
    const r = await callTool("bash", { command: "head -c 50000 /dev/zero | tr '\\0' x" });
    expect(r.output).toMatch(/^x{29800}\n… \[output truncated: 20200 more characters not shown\]\nexit code: 0$/);
  });
});

describe("read", () => {
  it("numbers lines and honours offset and limit", async () => {
    writeFileSync(ws("lines.txt"), "one\ntwo\nthree\nfour\n");
    expect((await callTool("read", { file_path: "lines.txt" })).output).toBe("1\tone\n2\ttwo\n3\tthree\n4\tfour");
    const part = await callTool("read", { file_path: "lines.txt", offset: 2, limit: 2 });
    expect(part.output).toBe("2\ttwo\n3\tthree\n… [1 more lines; read on with offset 4]");
  });

  it("refuses binary files clearly", async () => {
    writeFileSync(ws("blob.bin"), Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02]));
    const r = await callTool("read", { file_path: "blob.bin" });
    expect(r).toMatchObject({ isError: true, output: expect.stringContaining("blob.bin is a binary file") });
  });

  it("refuses huge files clearly", async () => {
    writeFileSync(ws("huge.txt"), "a".repeat(6 * 1024 * 1024));
    const r = await callTool("read", { file_path: "huge.txt" });
    expect(r).toMatchObject({ isError: true, output: expect.stringContaining("too large to read") });
  });
});

describe("write and edit", () => {
  it("write creates parent folders and leaves no temp file", async () => {
    const r = await callTool("write", { file_path: "deep/er/new.txt", content: "hello\n" });
    expect(r).toMatchObject({ isError: false, output: "Wrote 6 bytes to deep/er/new.txt" });
    expect(readFileSync(ws("deep/er/new.txt"), "utf8")).toBe("hello\n");
    expect(readdirSync(ws("deep/er"))).toEqual(["new.txt"]);
  });

  it("edit replaces a unique string, and fails clearly when missing or not unique", async () => {
    writeFileSync(ws("code.ts"), "let a = 1;\nlet b = 1;\n");
    expect((await callTool("edit", { file_path: "code.ts", old_string: "a = 1", new_string: "a = 2" })).isError).toBe(false);
    expect(readFileSync(ws("code.ts"), "utf8")).toBe("let a = 2;\nlet b = 1;\n");
    const missing = await callTool("edit", { file_path: "code.ts", old_string: "zzz", new_string: "y" });
    expect(missing).toMatchObject({ isError: true, output: expect.stringContaining("old_string was not found in code.ts") });
    const twice = await callTool("edit", { file_path: "code.ts", old_string: "let", new_string: "const" });
    expect(twice).toMatchObject({ isError: true, output: expect.stringContaining("occurs 2 times") });
    expect((await callTool("edit", { file_path: "code.ts", old_string: "let", new_string: "const", replace_all: true })).isError).toBe(false);
    expect(readFileSync(ws("code.ts"), "utf8")).toBe("const a = 2;\nconst b = 1;\n");
  });
});

describe("grep, glob, ls", () => {
  beforeAll(() => {
    mkdirSync(ws("src/lib"), { recursive: true });
    writeFileSync(ws("src/a.ts"), "export const Alpha = 1;\n// TODO fix\n");
    writeFileSync(ws("src/lib/b.ts"), "const beta = 2; // todo later\n");
    writeFileSync(ws("src/notes.md"), "TODO in markdown\n");
    utimesSync(ws("src/a.ts"), new Date(2020, 1, 1), new Date(2020, 1, 1));
  });

  it("grep prints file:line:text, filtered by glob, case-insensitive on request", async () => {
    const r = await callTool("grep", { pattern: "todo", path: "src", glob: "**/*.ts", ignore_case: true });
    expect(r.output).toBe("a.ts:2:// TODO fix\nlib/b.ts:1:const beta = 2; // todo later");
    expect((await callTool("grep", { pattern: "nothing-here" })).output).toBe("No matches for /nothing-here/");
    expect((await callTool("grep", { pattern: "(" })).output).toContain("invalid regular expression");
  });

  it("glob lists matches newest first", async () => {
    const r = await callTool("glob", { pattern: "**/*.ts", path: "src" });
    expect(r.output).toBe("lib/b.ts\na.ts");
  });

  it("ls shows type and size", async () => {
    const r = await callTool("ls", { path: "src" });
    expect(r.output).toBe("file\t36\ta.ts\ndir\t-\tlib/\nfile\t17\tnotes.md");
  });
});

describe("confinement", () => {
  it("refuses .., absolute paths outside and symlinks that lead out", async () => {
    symlinkSync(outside.path, ws("escape"));
    const attempts: Array<[string, Record<string, unknown>]> = [
      ["read", { file_path: "../outside.txt" }],
      ["read", { file_path: join(outside.path, "secret.txt") }],
      ["read", { file_path: "escape/secret.txt" }],
      ["write", { file_path: "escape/planted.txt", content: "x" }],
      ["ls", { path: "escape" }],
      ["grep", { pattern: "secret", path: "escape" }],
      ["glob", { pattern: "../**" }],
    ];
    for (const [name, args] of attempts) {
      const r = await callTool(name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(r.output).toMatch(/outside the workspace|must stay inside/);
    }
    expect(existsSync(join(outside.path, "planted.txt"))).toBe(false);
  });

  it("rejects arguments that do not match the schema, in words the model can act on", async () => {
    const r = await callTool("read", { path: "x" });
    expect(r).toMatchObject({ isError: true });
    expect(r.output).toBe('Invalid arguments for read: file_path is required; (top level): unknown field "path"');
  });

  it("answers an unknown tool with an error result, and the turn goes on", async () => {
    setup.models.script(toolCalls([{ name: "teleport", args: {} }]), reply("sorry"));
    const result = await setup.agent.client.generate(sessionId, "go");
    expect(result.toolResults[0]).toMatchObject({ isError: true, output: expect.stringContaining('Unknown tool "teleport"') });
    expect(result).toMatchObject({ text: "sorry", finishReason: "stop" });
  });
});
