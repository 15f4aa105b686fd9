// A small real token service for the registry's token authentication (the distribution
// spec's Bearer flow): checks basic credentials and signs RS256 JWTs carrying an x5c
// certificate that the registry trusts through its rootcertbundle.
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { createPrivateKey, randomUUID, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TokenRequest {
  scope: string;
  service: string;
  user?: string;
}

const SERVICE = "a3s-test-registry";
const ISSUER = "a3s-test-issuer";

export class TokenServer {
  readonly service = SERVICE;
  readonly issuer = ISSUER;

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    readonly realm: string,
    readonly certPath: string,
    readonly requests: TokenRequest[],
  ) {}

  static async start(users: Record<string, string>): Promise<TokenServer> {
    const dir = mkdtempSync(join(tmpdir(), "a3s-token-"));
    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "cert.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyPath, "-out", certPath, "-days", "1", "-subj", "/CN=a3s-test-token"], { stdio: "ignore" });
    const key = createPrivateKey(readFileSync(keyPath));
    const x5c = readFileSync(certPath, "utf8").replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    const requests: TokenRequest[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const scope = url.searchParams.get("scope") ?? "";
      const [scheme, value] = (req.headers.authorization ?? "").split(" ");
      let user: string | undefined;
      if (scheme === "Basic" && value) {
        const [name, password] = Buffer.from(value, "base64").toString().split(":");
        if (!name || users[name] !== password) {
          res.writeHead(401).end("bad credentials");
          return;
        }
        user = name;
      }
      requests.push({ scope, service: url.searchParams.get("service") ?? "", ...(user ? { user } : {}) });
      // anonymous callers get a token that grants nothing
      const access = user
        ? scope.split(" ").filter(Boolean).map((s) => {
            const [type, name, actions] = s.split(":");
            return { type, name, actions: (actions ?? "").split(",") };
          })
        : [];
      const now = Math.floor(Date.now() / 1000);
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const body = `${b64({ typ: "JWT", alg: "RS256", x5c: [x5c] })}.${b64({
        iss: ISSUER, sub: user ?? "", aud: SERVICE, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access,
      })}`;
      const token = `${body}.${sign("sha256", Buffer.from(body), key).toString("base64url")}`;
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ token, expires_in: 300 }));
    }).listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    return new TokenServer(server, dir, `http://127.0.0.1:${port}/token`, certPath, requests);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
