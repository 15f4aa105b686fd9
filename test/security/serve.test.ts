// Attacks on `a3s-box serve` over real HTTP and WebSocket: the real CLI for its flags, the
// real server (with a real BoxService) for its checks.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startServeServer, type RunningServer } from "../../cli/serve-server";
import { BoxService } from "../../runtime/service/box-service";
import { FileSecretStore } from "../../runtime/service/secret-store";
import { tempDir } from "../helpers/agent-process";

const cli = join(import.meta.dirname, "../../dist/cli/main.js");
const dir = tempDir("a3s-serve-sec-");
let service: BoxService;
let server: RunningServer;
let port: number;

beforeAll(async () => {
  service = await BoxService.open({ stateDir: join(dir.path, "state"), secrets: new FileSecretStore(join(dir.path, "state")), host: "browser", version: "9.9.9", env: { A3S_BOX_AUDIT_DIR: process.env["A3S_BOX_AUDIT_DIR"] } });
  server = await startServeServer({ api: service, rendererDir: join(import.meta.dirname, "../../out/renderer"), host: "127.0.0.1", port: 0 });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  dir.remove();
});

/** A GET with exactly these headers (fetch may not set Host). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (part: string) => (body += part));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject).end();
  });
}

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

describe("Host header (DNS rebinding)", () => {
  it("refuses a page and a socket whose Host is a name the server does not serve, even with the token", async () => {
    // A rebinding page at http://evil.example:PORT sends its own name as Host and Origin.
    const cookie = `a3s_box_token=${server.token}`;
    const page = await get("/", { host: `evil.example:${port}`, cookie });
    expect(page.status).toBe(403);
    expect(page.body).toContain("evil.example");
    await expect(openSocket({ host: `evil.example:${port}`, origin: `http://evil.example:${port}`, cookie })).rejects.toThrow("refused with 403");
  });

  it("still serves the names of the loopback address it listens on", async () => {
    const cookie = `a3s_box_token=${server.token}`;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await get("/", { host, cookie })).status, host).toBe(200);
    }
    const ws = await openSocket({ host: `localhost:${port}`, origin: `http://localhost:${port}`, cookie });
    ws.close();
  });

  it("refuses requests without a token, and sockets from another origin", async () => {
    expect((await get("/", { host: `127.0.0.1:${port}` })).status).toBe(401);
    await expect(openSocket({ host: `127.0.0.1:${port}`, origin: "http://evil.example", cookie: `a3s_box_token=${server.token}` })).rejects.toThrow("refused with 401");
  });
});

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

function serve(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; stderr: () => string; firstLine: Promise<string | undefined> } {
    const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--state-dir", join(dir.path, `cli-${children.length}`), ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    children.push(child);
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (part: string) => (stderr += part));
    const exited = once(child, "exit").then(() => undefined);
    const line = once(createInterface({ input: child.stdout! }), "line").then(([l]) => String(l));
    return { child, stderr: () => stderr, firstLine: Promise.race([line, exited]) };
}

/** The stderr lines, each of which must be a JSON log entry. */
function logLines(stderr: string): Array<{ time: string; level: string; component: string; msg: string }> {
  return stderr.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { time: string; level: string; component: string; msg: string });
}

describe("--host", () => {

  it("refuses a non-loopback address without --allow-remote, naming the flag", async () => {
    const run = serve(["--host", "0.0.0.0"]);
    const [code] = (await once(run.child, "exit")) as [number];
    expect(code).not.toBe(0);
    expect(run.stderr()).toContain("--allow-remote");
    expect(run.stderr()).toContain("plain HTTP");
  });

  it("with --allow-remote listens, warns that traffic is plain HTTP, and still checks the Host header", async () => {
    const run = serve(["--host", "0.0.0.0", "--allow-remote"]);
    const line = await run.firstLine;
    expect(line, run.stderr()).toMatch(/^A3S Box is serving at http:\/\/0\.0\.0\.0:\d+\/\?token=/);
    expect(logLines(run.stderr())).toContainEqual(expect.objectContaining({ level: "warn", component: "serve", msg: expect.stringContaining("plain HTTP") }));
    const url = new URL(line!.replace("A3S Box is serving at ", ""));
    const remotePort = Number(url.port);
    const ask = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: "127.0.0.1", port: remotePort, path: url.pathname + url.search, headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on("error", reject)
          .end();
      });
    expect(await ask(`evil.example:${remotePort}`)).toBe(403);
    expect(await ask(`127.0.0.1:${remotePort}`)).toBe(200);
  });
});

describe("logs", () => {
  it("with A3S_LOG=debug writes only JSON lines on stderr, from serve and the service, debug ones among them", async () => {
    const run = serve([], { A3S_LOG: "debug" });
    expect(await run.firstLine, run.stderr()).toMatch(/^A3S Box is serving at /);
    await expect.poll(() => logLines(run.stderr()).map((entry) => `${entry.component}:${entry.level}`)).toEqual(expect.arrayContaining(["serve:info", "service:debug"]));
    for (const entry of logLines(run.stderr())) expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
    expect(run.stderr()).not.toContain(new URL((await run.firstLine)!.replace("A3S Box is serving at ", "")).searchParams.get("token")!);
  });

  it("at the default level leaves debug lines out", async () => {
    const run = serve([], { A3S_LOG: "" });
    await run.firstLine;
    await expect.poll(() => logLines(run.stderr()).length).toBeGreaterThan(0);
    expect(logLines(run.stderr()).map((entry) => entry.level)).not.toContain("debug");
  });

  it("refuses an unknown level from --log-level or A3S_LOG, naming it, before it listens", async () => {
    for (const [args, env, named] of [[["--log-level", "verbose"], {}, '--log-level: unknown log level "verbose"'], [[], { A3S_LOG: "loud" }, 'A3S_LOG: unknown log level "loud"']] as const) {
      const run = serve([...args], env);
      const [code] = (await once(run.child, "exit")) as [number];
      expect(code).not.toBe(0);
      expect(run.stderr()).toContain(named);
      expect(run.stderr()).not.toContain("serving at");
    }
  });
});
