import { createServer, type Server } from "node:http";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../../../common/node/run-process";
import { runSkillBackend, type BackendContext } from "./skill-backends";

let dir: string;
let server: Server;
let url: string;
const bodies: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "a3s-backends-"));
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d)).on("end", () => {
      bodies.push(`${req.method} ${req.headers["content-type"]} ${req.headers["x-skill"]} ${body}`);
      if (req.url === "/fail") return res.writeHead(503).end("overloaded");
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2000);
      res.end(`sum=${(JSON.parse(body) as { a: number; b: number }).a + (JSON.parse(body) as { a: number; b: number }).b}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

const ctx = (over: Partial<BackendContext> = {}): BackendContext => ({ skillDir: dir, toolCacheDir: join(dir, ".tool-cache"), cwd: dir, signal: new AbortController().signal, timeoutMs: 10_000, runProcess, ...over });

describe("skill backends", () => {
  it("binary: runs a real executable with the arguments as JSON on stdin", async () => {
    const exe = join(dir, "shout");
    await writeFile(exe, "#!/bin/sh\nread line\necho \"got: $line in $(pwd)\" | tr a-z A-Z\n");
    await chmod(exe, 0o755);
    expect(await runSkillBackend({ type: "binary", path: exe }, { word: "hi" }, ctx())).toBe(`GOT: {"WORD":"HI"} IN ${dir.toUpperCase()}\n`);
  });

  it("binary: a non-zero exit becomes an error with stderr", async () => {
    await expect(runSkillBackend({ type: "binary", path: "sh", args: ["-c", "echo broken >&2; exit 4"] }, {}, ctx())).rejects.toThrow("the tool exited with code 4: broken");
    await expect(runSkillBackend({ type: "binary", path: "/no/such/tool" }, {}, ctx())).rejects.toThrow(/the tool exited with code 127: .*\/no\/such\/tool/);
  });

  it("http: POSTs the arguments as JSON to a real server", async () => {
    expect(await runSkillBackend({ type: "http", url: `${url}/add`, headers: { "x-skill": "calc" } }, { a: 2, b: 3 }, ctx())).toBe("sum=5");
    expect(bodies.at(-1)).toBe('POST application/json calc {"a":2,"b":3}');
  });

  it("http: an error status, a timeout and an unreachable server are clear errors", async () => {
    await expect(runSkillBackend({ type: "http", url: `${url}/fail` }, {}, ctx())).rejects.toThrow(`${url}/fail answered HTTP 503: overloaded`);
    await expect(runSkillBackend({ type: "http", url: `${url}/slow` }, {}, ctx({ timeoutMs: 100 }))).rejects.toThrow("did not answer within 100 ms");
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const deadUrl = `http://127.0.0.1:${(closed.address() as { port: number }).port}/x`;
    await new Promise((r) => closed.close(r));
    await expect(runSkillBackend({ type: "http", url: deadUrl }, {}, ctx())).rejects.toThrow(`cannot reach ${deadUrl}: connect ECONNREFUSED`);
  });

  it("script: runs inline source with the named interpreter", async () => {
    const source = "import json, sys\nargs = json.load(sys.stdin)\nprint(args['n'] * 2)\n";
    expect(await runSkillBackend({ type: "script", interpreter: "python3", source }, { n: 21 }, ctx())).toBe("42\n");
    const js = "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).n+1))";
    expect(await runSkillBackend({ type: "script", interpreter: "node", source: js }, { n: 1 }, ctx())).toBe("2\n");
  });

  it("script: a timeout or cancel stops it", async () => {
    await expect(runSkillBackend({ type: "script", interpreter: "sh", source: "sleep 20" }, {}, ctx({ timeoutMs: 100 }))).rejects.toThrow("the tool timed out after 100 ms");
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    await expect(runSkillBackend({ type: "script", interpreter: "sh", source: "sleep 20" }, {}, ctx({ signal: abort.signal }))).rejects.toThrow("the tool was cancelled");
  });

  it("script and run_node see no key and no token: the agent's secrets are not passed on", async () => {
    const secrets = {
      ANTHROPIC_API_KEY: "sk-ant-agent-held-secret",
      A3S_AGENT_TOKEN: "agent-token-secret",
      ANTHROPIC_BASE_URL: "http://10.0.2.100/gateway-token-secret/anthropic",
      OLLAMA_HOST: "http://10.0.2.100/gateway-token-secret/ollama",
      GITHUB_TOKEN: "ghp-secret",
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    try {
      const script = await runSkillBackend({ type: "script", interpreter: "sh", source: "env; cat /proc/$PPID/environ | tr '\\0' '\\n'" }, {}, ctx());
      const runNode = await runSkillBackend(
        { type: "script", interpreter: "node", file: join(import.meta.dirname, "../../../resources/skills/run-code/run-node.mjs") },
        { code: "console.log(JSON.stringify(process.env))" },
        ctx(),
      );
      expect(script).toContain("PATH=");
      expect(runNode).toContain('"PATH"');
      for (const value of Object.values(secrets)) {
        expect(script).not.toContain(value);
        expect(runNode).not.toContain(value);
      }
    } finally {
      process.env = saved;
    }
  });
});
