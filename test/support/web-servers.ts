// Real web servers on the host's 127.0.0.1 for network-policy tests: one plain HTTP, one
// HTTPS with a certificate for the given name (signed by a throwaway CA the test can trust).
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface WebServers {
  httpPort: number;
  httpsPort: number;
  /** PEM of the CA that signed the HTTPS server's certificate. */
  caPem: string;
  close(): Promise<void>;
}

/** Both answer `hello from <name> <path>` for GET, 200. */
export async function startWebServers(names: { http: string; https: string }): Promise<WebServers> {
  const dir = mkdtempSync(join(tmpdir(), "a3s-web-"));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  try {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "1", "-subj", "/CN=a3s-test-ca");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("server.key"), "-out", file("server.csr"), "-subj", `/CN=${names.https}`);
    writeFileSync(file("san.ext"), `subjectAltName=DNS:${names.https}\n`);
    openssl("x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-out", file("server.pem"), "-days", "1", "-extfile", file("san.ext"));
    const caPem = readFileSync(file("ca.pem"), "utf8");
    const answer = (name: string) => (req: { url?: string }, res: { end(body: string): void }) => res.end(`hello from ${name} ${req.url}`);
    const http = createHttpServer(answer(names.http));
    const https = createHttpsServer({ key: readFileSync(file("server.key")), cert: readFileSync(file("server.pem")) }, answer(names.https));
    const listen = async (server: Server) => {
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      return (server.address() as { port: number }).port;
    };
    const [httpPort, httpsPort] = [await listen(http), await listen(https)];
    return {
      httpPort,
      httpsPort,
      caPem,
      close: async () => {
        for (const server of [http, https]) {
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
        }
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
