import { once } from "node:events";
import { lookup as dnsLookup } from "node:dns/promises";
import { createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import { connect, isIP, type Socket } from "node:net";
import ipaddr from "ipaddr.js";
import { isPublicAddress, type EgressRules } from "./egress-rules";
import { MAX_CLIENT_HELLO_BYTES, readClientHelloSni } from "./tls-sni";

/** One connection the proxy let through or refused. */
export interface EgressDecision {
  time: string;
  verdict: "allowed" | "refused";
  /** CONNECT (a tunnel, e.g. HTTPS) or the HTTP method of a plain-HTTP request. */
  method: string;
  host: string;
  port: number;
  /** The address the proxy connected to (it resolves names itself). */
  address?: string;
  reason?: string;
}

export interface EgressProxyOptions {
  rules: EgressRules;
  /** Host ports on the host's loopback that the box's options name: reachable despite the loopback rule. */
  hostPorts?: readonly number[];
  /** How names are resolved; default: the host's resolver (every address). */
  lookup?: (host: string) => Promise<string[]>;
  /** Told of every decision. */
  onDecision?: (decision: EgressDecision) => void;
}

export interface EgressProxy {
  /** The proxy's port on the host's 127.0.0.1. */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * How long a tunnel waits for the client's first bytes (its TLS ClientHello); a client that
 * sends nothing by then is taken for one whose server speaks first (SMTP, say).
 */
const FIRST_BYTES_TIMEOUT_MS = 5_000;

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authorization", "proxy-connection", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade"]);

type Verdict = { address: string } | { reason: string };

/**
 * The box's way out: an HTTP proxy on the host's 127.0.0.1 (the guest reaches it through its
 * backend's forward) that takes CONNECT tunnels and plain-HTTP requests in absolute form,
 * lets through only what the rules permit, resolves names itself and connects to the address
 * it checked (never a private, loopback or link-local one, except the named host ports), and
 * holds each tunnel until the client's TLS ClientHello names the same server (SNI).
 */
export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const lookup = options.lookup ?? (async (host: string) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address));
  const hostPorts = new Set(options.hostPorts ?? []);
  const report = options.onDecision ?? (() => {});
  const sockets = new Set<Socket>();

  const decide = async (host: string, port: number): Promise<Verdict> => {
    if (!options.rules.permits(host, port)) return { reason: `${host}:${port} is not on the box's allow-list` };
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await lookup(host);
    } catch (error) {
      return { reason: `cannot resolve ${host}: ${(error as Error).message}` };
    }
    const permitted = addresses.find((a) => isPublicAddress(a) || (isLoopback(a) && hostPorts.has(port)));
    if (permitted) return { address: permitted };
    return { reason: `${host} resolves to ${addresses.join(", ") || "nothing"}: the host's loopback and private, link-local and metadata ranges are off limits` };
  };

  const log = (method: string, host: string, port: number, verdict: Verdict): void => {
    const base = { time: new Date().toISOString(), method, host, port };
    report("address" in verdict ? { ...base, verdict: "allowed", address: verdict.address } : { ...base, verdict: "refused", reason: verdict.reason });
  };

  const server = createServer((req, res) => void forwardHttp(req, res));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function forwardHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let target: URL;
    try {
      target = new URL(req.url ?? "");
      if (target.protocol !== "http:") throw new Error("not http");
    } catch {
      req.resume();
      res.writeHead(400, { "content-type": "text/plain" }).end("this is the box's egress proxy: send http:// URLs in absolute form, or CONNECT for https\n");
      return;
    }
    const host = target.hostname.replace(/^\[|\]$/g, "");
    const port = Number(target.port || 80);
    const verdict = await decide(host, port);
    log(req.method ?? "GET", host, port, verdict);
    if (!("address" in verdict)) {
      req.resume();
      res.writeHead(403, { "content-type": "text/plain" }).end(`refused by the box's network policy: ${verdict.reason}\n`);
      return;
    }
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    const upstream = request(
      { host: verdict.address, port, method: req.method, path: `${target.pathname}${target.search}`, headers, setHost: false },
      (answer) => {
        const back: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) back[name] = value;
        res.writeHead(answer.statusCode ?? 502, back);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`cannot reach ${host}:${port}: ${error.message}\n`);
      else res.destroy();
    });
    req.pipe(upstream);
  }

  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => void tunnel(req, client, head));

  async function tunnel(req: IncomingMessage, client: Socket, head: Buffer): Promise<void> {
    client.on("error", () => client.destroy());
    const parsed = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(req.url ?? "");
    if (!parsed) {
      client.end("HTTP/1.1 400 Bad Request\r\n\r\nCONNECT needs host:port\n");
      return;
    }
    const host = parsed[1]!.toLowerCase();
    const port = Number(parsed[2]);
    const verdict = await decide(host, port);
    if (!("address" in verdict)) {
      log("CONNECT", host, port, verdict);
      client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\nrefused by the box's network policy: ${verdict.reason}\n`);
      return;
    }
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    const first = await firstBytes(client, head);
    const hello = readClientHelloSni(first);
    const sniRefusal =
      hello.kind === "incomplete" && first.length > 0
        ? "the client's TLS ClientHello did not arrive whole in time"
        : hello.kind === "tls" && !isIP(host) && hello.serverName !== host
          ? `the TLS server name ${hello.serverName ?? "(none)"} is not ${host}`
          : undefined;
    if (sniRefusal) {
      log("CONNECT", host, port, { reason: sniRefusal });
      client.destroy();
      return;
    }
    log("CONNECT", host, port, verdict);
    const upstream = connect({ host: verdict.address, port });
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    upstream.write(first);
    client.pipe(upstream).pipe(client);
  }

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The client's first bytes through a tunnel: enough to read a ClientHello, or what came before a pause. */
async function firstBytes(client: Socket, head: Buffer): Promise<Buffer> {
  let data = head;
  const done = (): boolean => readClientHelloSni(data).kind !== "incomplete" || data.length >= MAX_CLIENT_HELLO_BYTES;
  if (data.length > 0 && done()) return data;
  client.pause();
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      client.off("data", onData);
      client.off("close", finish);
      client.pause();
      resolve(data);
    };
    const onData = (chunk: Buffer): void => {
      data = Buffer.concat([data, chunk]);
      if (done()) finish();
    };
    const timer = setTimeout(finish, FIRST_BYTES_TIMEOUT_MS);
    client.on("data", onData);
    client.on("close", finish);
    client.resume();
  });
}

function isLoopback(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === "loopback";
}
