// Network policies in real boxes: an allow-list box reaches named hosts through the host's
// egress proxy (names mapped to local test servers by the proxy's own resolver), and a
// `full` box reaches public addresses but never the host's loopback or private ranges,
// except the host ports its options name. Both boxes boot together.
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ToolResult } from "../common/chunks";
import { Box } from "../runtime/box/box";
import type { EgressDecision } from "../runtime/network/egress-proxy";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";
import { startWebServers, type WebServers } from "./support/web-servers";

const workspace = mkdtempSync(join(tmpdir(), "vm-net-ws-"));
let models: ModelServer;
let web: WebServers;
let secret: Server;
let secretPort: number;
let allowBox: Box;
let fullBox: Box;
const seen: EgressDecision[] = [];

beforeAll(async () => {
  models = await ModelServer.start();
  web = await startWebServers({ http: "plain.test", https: "secure.test" });
  writeFileSync(join(workspace, "ca.pem"), web.caPem);
  // A service only on the host's loopback, as a local database or another box's agent would be.
  secret = createServer((socket) => socket.end("host secret\n")).listen(0, "127.0.0.1");
  await once(secret, "listening");
  secretPort = (secret.address() as { port: number }).port;
  const names: Record<string, string> = { "plain.test": "127.0.0.1", "secure.test": "127.0.0.1", "other.test": "127.0.0.1" };
  const egressLookup = async (host: string) => (names[host] ? [names[host]] : Promise.reject(new Error(`no such name ${host}`)));
  const env = { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-test" };
  [allowBox, fullBox] = await Promise.all([
    Box.create({
      workspace,
      env,
      network: { allow: [`plain.test:${web.httpPort}`, `secure.test:${web.httpsPort}`, `other.test:${secretPort}`] },
      hostPorts: [web.httpPort, web.httpsPort],
      egressLookup,
      onNetworkDecision: (d) => seen.push(d),
    }),
    Box.create({ workspace, env, network: "full", hostPorts: [web.httpPort], egressLookup }),
  ]);
}, 20 * 60_000);

afterAll(async () => {
  await allowBox?.stop();
  await fullBox?.stop();
  await models?.stop();
  await web?.close();
  secret?.close();
  rmSync(workspace, { recursive: true, force: true });
});

/** Runs each command with the agent's bash tool in `box`; their outputs, less a zero exit code's line. */
async function bash(box: Box, ...commands: string[]): Promise<string[]> {
  models.script(toolCalls(commands.map((command) => ({ name: "bash", args: { command, timeout_ms: 120_000 } }))), reply("done"));
  const session = await box.client.createSession();
  const result = await box.client.generate(session, "run these");
  return result.toolResults.map((r: ToolResult) => r.output.replace(/\n?exit code: 0$/, ""));
}

/** Python in the guest: connect straight to host:port (no proxy) and print what happened. */
const rawConnect = (host: string, port: number) =>
  `python3 -c "
import socket
try: print('connected', socket.create_connection(('${host}', ${port}), 5).recv(100))
except Exception as e: print('refused', type(e).__name__)"`;

const status = (url: string, extra = "") => `curl -s -o /dev/null -w '%{http_code}' ${extra} ${url}`;

it("with an allow-list: reaches the named hosts over HTTP and HTTPS through the proxy, and nothing else", async () => {
  const [http, https, notListed, rawIp, hostIp, otherPort, direct, namedDirect] = await bash(
    allowBox,
    `curl -sS http://plain.test:${web.httpPort}/over-http`,
    `curl -sS --cacert /workspace/ca.pem https://secure.test:${web.httpsPort}/over-https`,
    status(`http://elsewhere.test:${web.httpPort}/`),
    status("http://93.184.216.34/", "--noproxy ''"),
    status(`https://10.0.2.2:${web.httpsPort}/`, "--noproxy ''"),
    status(`http://other.test:${secretPort}/`),
    rawConnect("10.0.2.2", secretPort),
    `curl -sS http://10.0.2.100:${web.httpPort}/named-port`,
  );
  expect(http).toBe("hello from plain.test /over-http");
  expect(https).toBe("hello from secure.test /over-https");
  expect(notListed).toBe("403");
  expect(rawIp).toBe("403");
  expect(hostIp).toMatch(/^000/);
  expect(otherPort).toBe("403");
  expect(direct).toMatch(/^refused/);
  expect(namedDirect).toBe("hello from plain.test /named-port");
  const log = allowBox.networkLog();
  expect(log).toEqual(seen);
  expect(log).toContainEqual(expect.objectContaining({ verdict: "allowed", method: "GET", host: "plain.test", address: "127.0.0.1" }));
  expect(log).toContainEqual(expect.objectContaining({ verdict: "allowed", method: "CONNECT", host: "secure.test" }));
  expect(log).toContainEqual(expect.objectContaining({ verdict: "refused", host: "elsewhere.test" }));
  expect(log).toContainEqual(expect.objectContaining({ verdict: "refused", host: "93.184.216.34" }));
  expect(log).toContainEqual(expect.objectContaining({ verdict: "refused", host: "other.test", port: secretPort }));
}, 10 * 60_000);

it("with `full`: never reaches the host's loopback or private and metadata ranges, except the host port it names", async () => {
  const [loopback, viaProxy, privateRange, metadata, named] = await bash(
    fullBox,
    rawConnect("10.0.2.2", secretPort),
    status(`http://127.0.0.1:${secretPort}/`, "--noproxy ''"),
    status(`http://10.0.2.2:${secretPort}/`),
    status("http://169.254.169.254/latest/meta-data/"),
    `curl -sS http://10.0.2.100:${web.httpPort}/named`,
  );
  expect(loopback).toMatch(/^refused/);
  expect(viaProxy).toBe("403");
  expect(privateRange).toBe("403");
  expect(metadata).toBe("403");
  expect(named).toBe("hello from plain.test /named");
  expect(fullBox.networkLog().every((d) => d.verdict === "refused")).toBe(true);
}, 10 * 60_000);
