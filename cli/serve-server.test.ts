// The real server over real sockets, with a real BoxService behind it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { BoxService } from "../runtime/service/box-service";
import { FileSecretStore } from "../runtime/service/secret-store";
import { startServeServer, type RunningServer } from "./serve-server";
import type { WsServerFrame } from "../sdk/index";

let dir: string;
let service: BoxService;
let server: RunningServer;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "a3s-serve-"));
  const renderer = join(dir, "renderer");
  mkdirSync(join(renderer, "assets"), { recursive: true });
  writeFileSync(join(renderer, "index.html"), "<!doctype html><title>A3S Box</title>");
  writeFileSync(join(renderer, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(dir, "outside.txt"), "not for the browser");
  service = await BoxService.open({ stateDir: join(dir, "state"), secrets: new FileSecretStore(join(dir, "state")), host: "browser", version: "9.9.9", env: { A3S_BOX_AUDIT_DIR: process.env["A3S_BOX_AUDIT_DIR"] } });
  server = await startServeServer({ api: service, rendererDir: renderer, host: "127.0.0.1", port: 0 });
  origin = new URL(server.url).origin;
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  const ws = new WebSocket(`${origin.replace("http", "ws")}/api`, { headers });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

function call(ws: WebSocket, id: number, method: string, args: unknown[]): Promise<WsServerFrame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as WsServerFrame;
      if ("id" in frame && frame.id === id) {
        ws.off("message", onMessage);
        resolve(frame);
      }
    };
    ws.on("message", onMessage);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

describe("a3s-box serve", () => {
  it("prints a URL with a long random token", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it("refuses every request without the token", async () => {
    for (const path of ["/", "/index.html", "/assets/app.js", "/?token=wrong"]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(401);
    }
  });

  it("serves the page with the token, sets an HttpOnly cookie and a strict CSP", async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBe(`a3s_box_token=${server.token}; HttpOnly; SameSite=Strict; Path=/`);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const asset = await fetch(`${origin}/assets/app.js`, { headers: { cookie: `a3s_box_token=${server.token}` } });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe("console.log(1)");
  });

  it("never serves files outside the UI folder", async () => {
    const response = await fetch(`${origin}/%2e%2e/outside.txt`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(response.status).toBe(404);
  });

  it("refuses sockets without the token or from another origin", async () => {
    await expect(openSocket({})).rejects.toThrow("refused with 401");
    await expect(openSocket({ cookie: "a3s_box_token=wrong" })).rejects.toThrow("refused with 401");
    await expect(openSocket({ cookie: `a3s_box_token=${server.token}`, origin: "http://evil.example" })).rejects.toThrow("refused with 401");
  });

  it("answers BoxApi calls over the socket and validates them", async () => {
    const ws = await openSocket({ cookie: `a3s_box_token=${server.token}`, origin });
    try {
      expect(await call(ws, 1, "getAppInfo", [])).toEqual({ id: 1, result: { name: "A3S Box", version: "9.9.9", host: "browser", attached: false } });
      expect(await call(ws, 2, "eval", ["1"])).toEqual({ id: 2, error: { code: "INVALID_ARGUMENT", message: 'unknown BoxApi method: "eval"' } });
      expect(await call(ws, 3, "createBox", [{ workspace: join(dir, "missing") }])).toMatchObject({ id: 3, error: { code: "VM_UNAVAILABLE" } });
    } finally {
      ws.close();
    }
  });
});
