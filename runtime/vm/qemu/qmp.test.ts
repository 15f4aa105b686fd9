import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { QmpClient } from "./qmp";

let server: Server | undefined;
const dir = mkdtempSync(join(tmpdir(), "qmp-"));
afterEach(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("rejects the command in flight when QEMU resets its QMP socket, and the process lives on", async () => {
  const path = join(dir, "qmp.sock");
  // A QMP server that greets and answers the capabilities without reading anything, then
  // closes with the client's commands unread: the client's read fails with ECONNRESET (as when
  // QEMU dies mid-command).
  server = createServer({ pauseOnConnect: true }, (socket) => {
    socket.write(`${JSON.stringify({ QMP: { version: {} } })}\n${JSON.stringify({ return: {} })}\n`);
    setTimeout(() => socket.destroy(), 300);
  }).listen(path);
  const qmp = await QmpClient.connect(path, 5000);
  await expect(qmp.execute("query-migrate")).rejects.toThrow("QEMU closed its QMP socket");
  await expect(qmp.execute("query-migrate")).rejects.toThrow("QEMU closed its QMP socket");
  qmp.close();
});
