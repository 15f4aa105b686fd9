import { once } from "node:events";
import { request } from "node:http";
import { connect as tlsConnect } from "node:tls";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startWebServers, type WebServers } from "./support/web-servers";
import { ANY_PUBLIC_DESTINATION, allowListRules, isPublicAddress } from "../runtime/network/egress-rules";
import { startEgressProxy, type EgressDecision, type EgressProxy } from "../runtime/network/egress-proxy";

let web: WebServers;
let proxy: EgressProxy;
let full: EgressProxy;
const decisions: EgressDecision[] = [];
const names: Record<string, string> = { "plain.test": "127.0.0.1", "secure.test": "127.0.0.1", "other.test": "127.0.0.1", "lan.test": "10.1.2.3", "meta.test": "169.254.169.254" };
const lookup = async (host: string) => {
  const address = names[host];
  if (!address) throw new Error(`no such name ${host}`);
  return [address];
};

beforeAll(async () => {
  web = await startWebServers({ http: "plain.test", https: "secure.test" });
  const allow = [`plain.test:${web.httpPort}`, `secure.test:${web.httpsPort}`, `other.test:${web.httpsPort + 1}`, "lan.test", "*.meta.test", "meta.test"];
  const hostPorts = [web.httpPort, web.httpsPort];
  proxy = await startEgressProxy({ rules: allowListRules(allow), hostPorts, lookup, onDecision: (d) => decisions.push(d) });
  full = await startEgressProxy({ rules: ANY_PUBLIC_DESTINATION, hostPorts: [web.httpPort], lookup, onDecision: (d) => decisions.push(d) });
});

afterAll(async () => {
  await proxy?.close();
  await full?.close();
  await web?.close();
});

/** A plain-HTTP request through the proxy (absolute form), as curl or npm would send it. */
async function httpVia(via: EgressProxy, url: string): Promise<{ status: number; body: string }> {
  const req = request({ host: "127.0.0.1", port: via.port, path: url, headers: { host: new URL(url).host } }).end();
  const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
  let body = "";
  for await (const chunk of res) body += chunk;
  return { status: res.statusCode!, body };
}

/** CONNECT through the proxy, then TLS with `servername` as SNI; the answer's body, or why not. */
async function httpsVia(via: EgressProxy, target: string, servername: string): Promise<{ status: number; body?: string; error?: string }> {
  const req = request({ host: "127.0.0.1", port: via.port, method: "CONNECT", path: target }).end();
  const [res, socket, head] = (await once(req, "connect")) as [import("node:http").IncomingMessage, import("node:net").Socket, Buffer];
  if (res.statusCode !== 200) {
    let body = head.toString();
    for await (const chunk of socket) body += chunk;
    return { status: res.statusCode!, body };
  }
  return new Promise((resolve) => {
    const tls = tlsConnect({ socket, servername, ca: web.caPem });
    let body = "";
    tls.on("secureConnect", () => tls.end(`GET /x HTTP/1.1\r\nhost: ${servername}\r\nconnection: close\r\n\r\n`));
    tls.on("data", (chunk: Buffer) => (body += chunk.toString()));
    tls.on("error", (error) => resolve({ status: 200, error: error.message }));
    tls.on("close", () => resolve({ status: 200, body }));
  });
}

const last = () => decisions.at(-1)!;

it("lets a name on the list through over HTTP and HTTPS (CONNECT), connecting to the address it resolved itself", async () => {
  expect(await httpVia(proxy, `http://plain.test:${web.httpPort}/index`)).toEqual({ status: 200, body: "hello from plain.test /index" });
  expect(last()).toMatchObject({ verdict: "allowed", method: "GET", host: "plain.test", port: web.httpPort, address: "127.0.0.1" });
  const tls = await httpsVia(proxy, `secure.test:${web.httpsPort}`, "secure.test");
  expect(tls.body).toContain("hello from secure.test /x");
  expect(last()).toMatchObject({ verdict: "allowed", method: "CONNECT", host: "secure.test", port: web.httpsPort });
});

it("refuses a name not on the list, a raw IP, another port of a listed name, and the host's other ports", async () => {
  const notListed = await httpVia(proxy, `http://elsewhere.test:${web.httpPort}/`);
  expect(notListed.status).toBe(403);
  expect(notListed.body).toContain(`elsewhere.test:${web.httpPort} is not on the box's allow-list`);
  expect(last()).toMatchObject({ verdict: "refused", host: "elsewhere.test" });
  expect((await httpsVia(proxy, `127.0.0.1:${web.httpsPort}`, "secure.test")).status).toBe(403);
  expect((await httpVia(proxy, `http://plain.test:${web.httpsPort}/`)).status).toBe(403);
  const otherPort = await httpsVia(proxy, `other.test:${web.httpsPort + 1}`, "other.test");
  expect(otherPort.status).toBe(403);
  expect(otherPort.body).toMatch(/other\.test resolves to 127\.0\.0\.1: the host's loopback and private, link-local and metadata ranges are off limits/);
});

it("refuses names that resolve to private or link-local (metadata) addresses", async () => {
  const lan = await httpVia(proxy, "http://lan.test/");
  expect(lan.status).toBe(403);
  expect(lan.body).toContain("lan.test resolves to 10.1.2.3");
  expect((await httpsVia(proxy, "meta.test:443", "meta.test")).status).toBe(403);
  expect(last()).toMatchObject({ verdict: "refused", host: "meta.test", reason: expect.stringContaining("169.254.169.254") });
});

it("closes a tunnel whose TLS ClientHello names another server than the CONNECT", async () => {
  const spoofed = await httpsVia(proxy, `secure.test:${web.httpsPort}`, "evil.test");
  expect(spoofed.body ?? "").not.toContain("hello");
  expect(last()).toMatchObject({ verdict: "refused", host: "secure.test", reason: "the TLS server name evil.test is not secure.test" });
});

it("under `full`, reaches any public name but never the host's loopback, private or metadata addresses unless named", async () => {
  expect((await httpVia(full, `http://127.0.0.1:${web.httpsPort}/`)).status).toBe(403);
  expect((await httpVia(full, "http://169.254.169.254/latest/meta-data/")).status).toBe(403);
  expect((await httpVia(full, "http://[::ffff:127.0.0.1]:22/")).status).toBe(403);
  expect((await httpsVia(full, "10.0.2.2:443", "x")).status).toBe(403);
  expect((await httpVia(full, `http://plain.test:${web.httpPort}/named`)).body).toBe("hello from plain.test /named");
});

it("parses allow-lists strictly and judges addresses by range", () => {
  const rules = allowListRules(["*.npmjs.org", "Example.COM:8443"]);
  expect(rules.permits("registry.npmjs.org", 443)).toBe(true);
  expect(rules.permits("npmjs.org", 443)).toBe(false);
  expect(rules.permits("registry.npmjs.org", 22)).toBe(false);
  expect(rules.permits("example.com", 8443)).toBe(true);
  expect(rules.permits("example.com", 443)).toBe(false);
  for (const bad of ["10.0.0.1", "bad host", "*", "a.com:99999", "http://a.com"]) {
    expect(() => allowListRules([bad])).toThrow(`network allow-list entry "${bad}" is not a host name`);
  }
  expect(isPublicAddress("93.184.216.34")).toBe(true);
  for (const address of ["127.0.0.1", "10.0.2.2", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "::1", "fe80::1", "fd00:ec2::254", "::ffff:10.0.0.1", "0.0.0.0"]) {
    expect(isPublicAddress(address)).toBe(false);
  }
});
