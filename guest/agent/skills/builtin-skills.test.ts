// The skills shipped in resources/skills, run for real through their backends.
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../../../common/chunks";
import { runProcess } from "../../../common/node/run-process";
import { runSkillBackend } from "./skill-backends";
import { SkillRegistry } from "./skill-registry";

const builtinDir = join(import.meta.dirname, "../../../resources/skills");
let stateDir: string;
let registry: SkillRegistry;
let server: Server;
let base: string;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "a3s-builtin-"));
  const errors: string[] = [];
  registry = await SkillRegistry.open({ stateDir, builtinDir, reservedToolNames: [], onError: (m) => errors.push(m) });
  expect(errors).toEqual([]);
  server = createServer((req, res) => {
    if (req.url === "/page") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end("<html><head><style>p{}</style><script>alert(1)</script></head><body><h1>Title &amp; more</h1><p>First<br>line</p></body></html>");
    }
    if (req.url === "/moved") return res.writeHead(302, { location: "/data" }).end();
    if (req.url === "/data") return res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    res.writeHead(404, { "content-type": "text/plain" }).end("nothing here");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(stateDir, { recursive: true, force: true });
});

function call(toolName: string, args: JsonObject): Promise<string> {
  const found = registry.findTool(toolName);
  if (!found) throw new Error(`no tool ${toolName}`);
  return runSkillBackend(found.tool.backend, args, { skillDir: found.skill.dir, toolCacheDir: join(stateDir, ".tool-cache"), cwd: stateDir, signal: new AbortController().signal, timeoutMs: 30_000, runProcess });
}

describe("built-in skills", () => {
  it("are all there, with their tools", () => {
    expect(registry.list().map((s) => [s.name, s.builtin, s.tools.map((t) => t.name)])).toEqual([
      ["database-query", true, ["query_database"]],
      ["run-code", true, ["run_python", "run_node"]],
      ["web-fetch", true, ["fetch_url"]],
    ]);
  });

  it("web-fetch reads an HTML page as text", async () => {
    expect(await call("fetch_url", { url: `${base}/page` })).toBe(
      `URL: ${base}/page\nStatus: 200 OK\nContent-Type: text/html; charset=utf-8\n\nTitle & more\nFirst\nline\n`,
    );
  });

  it("web-fetch follows redirects, cuts long bodies and reports error statuses", async () => {
    expect(await call("fetch_url", { url: `${base}/moved` })).toContain(`URL: ${base}/data\nStatus: 200 OK\nContent-Type: application/json\n\n{"ok":true}`);
    await expect(call("fetch_url", { url: `${base}/missing` })).rejects.toThrow(/exited with code 1\nURL: .*\nStatus: 404 Not Found[\s\S]*nothing here/);
  });

  it("run-code runs Python in the working directory", async () => {
    expect(await call("run_python", { code: "import os\nprint(sum(range(10)), os.getcwd())" })).toBe(`stdout:\n45 ${stateDir}\n\nstderr:\n\nexit code: 0\n`);
    expect(await call("run_python", { code: "raise SystemExit('bad input')" })).toContain("stderr:\nbad input\n\nexit code: 1");
    await expect(call("run_python", { code: "import time\ntime.sleep(5)", timeout_ms: 200 })).rejects.toThrow("the code did not finish within 0.2 s");
  });

  it("run-code runs JavaScript with Node", async () => {
    expect(await call("run_node", { code: "console.log(require('node:path').join('a', 'b'), 6 * 7)" })).toBe("stdout:\na/b 42\n\nstderr:\n\nexit code: 0\n");
    await expect(call("run_node", { code: "while (true) {}", timeout_ms: 200 })).rejects.toThrow("the code did not finish within 0.2 s");
  });

  it("database-query writes only when asked, and reads rows back as JSON", async () => {
    const db = { database: "shop.db" };
    await expect(call("query_database", { ...db, sql: "SELECT 1" })).rejects.toThrow(`no database file at ${join(stateDir, "shop.db")}`);
    expect(existsSync(join(stateDir, "shop.db"))).toBe(false);
    expect(JSON.parse(await call("query_database", { ...db, sql: "CREATE TABLE item (name TEXT, price REAL, photo BLOB)", access: "write" }))).toEqual({ changes: 0, last_row_id: 0 });
    expect(JSON.parse(await call("query_database", { ...db, sql: "INSERT INTO item VALUES (?, ?, ?), ('pen', 1.5, x'00ff')", params: ["cup", 3, null], access: "write" }))).toEqual({ changes: 2, last_row_id: 2 });
    expect(JSON.parse(await call("query_database", { ...db, sql: "SELECT name, price, photo FROM item ORDER BY name", max_rows: 1 }))).toEqual({
      columns: ["name", "price", "photo"],
      rows: [["cup", 3, null]],
      truncated: true,
    });
    expect(JSON.parse(await call("query_database", { ...db, sql: "SELECT photo FROM item WHERE name = ?", params: ["pen"] })).rows).toEqual([[{ hex: "00ff" }]]);
  }, 120_000);

  it("database-query refuses every change in read mode: writes, ATTACH, lifting query_only, several statements", async () => {
    const db = { database: "ro.db" };
    await call("query_database", { ...db, sql: "CREATE TABLE t (a)", access: "write" });
    const readOnly = /the database is open read-only .*use access "write" to change it/;
    await expect(call("query_database", { ...db, sql: "INSERT INTO t VALUES (1)" })).rejects.toThrow(readOnly);
    await expect(call("query_database", { ...db, sql: "ATTACH DATABASE 'made.db' AS m" })).rejects.toThrow(readOnly);
    expect(existsSync(join(stateDir, "made.db"))).toBe(false);
    await expect(call("query_database", { ...db, sql: "PRAGMA query_only = OFF" })).rejects.toThrow(readOnly);
    await expect(call("query_database", { ...db, sql: "SELECT 1; DELETE FROM t" })).rejects.toThrow("Send one statement per call.");
    expect(JSON.parse(await call("query_database", { ...db, sql: "SELECT count(*) AS n FROM t" })).rows).toEqual([[0]]);
  }, 120_000);

  it("documents every tool in its body", async () => {
    for (const skill of registry.list()) {
      const text = await readFile(join(skill.dir, "SKILL.md"), "utf8");
      for (const tool of skill.tools) expect(skill.body).toContain(tool.name);
      expect(text.startsWith("---\n")).toBe(true);
    }
  });
});
