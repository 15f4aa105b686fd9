// Proves that `npm run lint` enforces the layer table of ARCHITECTURE.md.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });

async function lintAs(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === "layers/imports").map((m) => m.message);
}

describe("layer rule", () => {
  it("refuses guest code importing the runtime", async () => {
    const messages = await lintAs("guest/agent/bad.ts", 'import { packageRoot } from "../../runtime/paths";\nexport { packageRoot };\n');
    expect(messages).toEqual(["guest/agent/ may not import from runtime/ (see ARCHITECTURE.md, layers)"]);
  });

  it("refuses a Node built-in in the renderer, with or without the node: prefix", async () => {
    expect(await lintAs("src-renderer/bad.ts", 'import { readFileSync } from "node:fs";\nexport { readFileSync };\n')).toHaveLength(1);
    expect(await lintAs("src-renderer/bad.ts", 'import * as fs from "fs";\nexport { fs };\n')).toEqual([
      'src-renderer/ may not import the Node built-in "fs": it runs without Node',
    ]);
  });

  it("refuses upward imports and Electron outside main and preload", async () => {
    expect(await lintAs("common/bad.ts", 'export * from "../client/x";\n')).toHaveLength(1);
    expect(await lintAs("runtime/bad.ts", 'import { app } from "electron";\nexport { app };\n')).toHaveLength(1);
    expect(await lintAs("cli/bad.ts", 'export { x } from "../guest/agent/x";\n')).toHaveLength(1);
  });

  it("refuses packages a layer may not use", async () => {
    expect(await lintAs("src-renderer/bad.ts", 'import { WebSocket } from "ws";\nexport { WebSocket };\n')).toEqual([
      'src-renderer/ may not import the package "ws" (see PACKAGES in scripts/eslint-layers.js)',
    ]);
    expect(await lintAs("src-renderer/bad.ts", 'import * as grpc from "@grpc/grpc-js/build/src/index";\nexport { grpc };\n')).toEqual([
      'src-renderer/ may not import the package "@grpc/grpc-js" (see PACKAGES in scripts/eslint-layers.js)',
    ]);
    expect(await lintAs("common/bad.ts", 'export { z } from "zod";\n')).toHaveLength(1);
    expect(await lintAs("guest/agent/bad.ts", 'export { Command } from "commander";\n')).toHaveLength(1);
    expect(await lintAs("src-renderer/ok.ts", 'import { create } from "zustand";\nexport { create };\n')).toEqual([]);
    expect(await lintAs("runtime/ok.test.ts", 'import { it } from "vitest";\nexport { it };\n')).toEqual([]);
  });

  it("keeps the Node layer from browser code and lets host and guest code use it", async () => {
    expect(await lintAs("common/bad.ts", 'export * from "./node/atomic-file";\n')).toEqual([
      "common/ may not import from common/node/ (see ARCHITECTURE.md, layers)",
    ]);
    expect(await lintAs("src-renderer/bad.ts", 'export * from "../common/node/token";\n')).toHaveLength(1);
    expect(await lintAs("src-preload/bad.ts", 'export * from "../common/node/token";\n')).toHaveLength(1);
    expect(await lintAs("common/node/bad.ts", 'export * from "../../runtime/paths";\n')).toHaveLength(1);
    for (const file of ["guest/agent/ok.ts", "runtime/ok.ts", "client/ok.ts", "cli/ok.ts"]) {
      const up = "../".repeat(file.split("/").length - 1);
      expect(await lintAs(file, `export { runProcess } from "${up}common/node/run-process";\n`)).toEqual([]);
    }
  });

  it("accepts imports that go downward", async () => {
    expect(await lintAs("runtime/ok.ts", 'import { A3sError } from "../common/errors";\nexport { A3sError };\n')).toEqual([]);
    expect(await lintAs("src-main/ok.ts", 'import { app } from "electron";\nimport { join } from "node:path";\nexport { app, join };\n')).toEqual([]);
    expect(await lintAs("test/ok.ts", 'import "../runtime/paths";\nimport "../guest/agent/server";\n')).toEqual([]);
  });
});

describe("one type per reply", () => {
  it("declares each of the agent's reply shapes once, in common/agent-replies.ts (generated proto types aside)", () => {
    const pattern = "^(export )?(interface|type) (CompactResult|CompactOutcome|LaneStats|LaneSnapshot|SkillInfo|SkillSummary|ToolInfo|ToolSummary)\\b";
    const found = execFileSync("git", ["grep", "--untracked", "-lE", pattern, "--", "*.ts", "*.tsx", ":!common/generated"], { cwd: root, encoding: "utf8" });
    expect(found.trim().split("\n")).toEqual(["common/agent-replies.ts"]);
  });
});
