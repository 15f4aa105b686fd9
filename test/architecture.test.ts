// Proves that `npm run lint` enforces the layer table of ARCHITECTURE.md.
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

  it("accepts imports that go downward", async () => {
    expect(await lintAs("runtime/ok.ts", 'import { A3sError } from "../common/errors";\nexport { A3sError };\n')).toEqual([]);
    expect(await lintAs("src-main/ok.ts", 'import { app } from "electron";\nimport { join } from "node:path";\nexport { app, join };\n')).toEqual([]);
    expect(await lintAs("test/ok.ts", 'import "../runtime/paths";\nimport "../guest/agent/server";\n')).toEqual([]);
  });
});
