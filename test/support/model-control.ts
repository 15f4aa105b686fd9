// Lets a test written in another language (the Python SDK's) script the test model server
// over HTTP, as TypeScript tests do in process: POST /script {replies, match?} queues
// replies (ScriptedReply objects), GET /requests lists what the agent sent, POST /reset.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ModelServer } from "../model-server/model-server";
import type { ScriptedReply } from "../model-server/script";

export interface ModelControl {
  url: string;
  close(): Promise<void>;
}

export async function startModelControl(models: ModelServer): Promise<ModelControl> {
  const server: Server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (part: string) => (text += part));
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      try {
        if (req.method === "GET" && req.url === "/requests") return send(200, models.requests.map(({ path, body, aborted }) => ({ path, body, aborted })));
        if (req.method === "POST" && req.url === "/reset") {
          models.reset();
          return send(200, {});
        }
        if (req.method === "POST" && req.url === "/script") {
          const { replies, match } = JSON.parse(text) as { replies: ScriptedReply[]; match?: string };
          if (match === undefined) models.script(...replies);
          else models.scriptFor(match, ...replies);
          return send(200, { pending: models.pending });
        }
        send(404, { error: `no route ${req.method} ${req.url}` });
      } catch (err) {
        send(400, { error: String(err) });
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
