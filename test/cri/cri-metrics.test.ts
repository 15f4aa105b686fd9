// `a3s-box cri --metrics-listen`: the CRI server's Prometheus endpoint, scraped over real HTTP
// with and without its token, while a real gRPC client calls the runtime. No pod boots here.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ImageStore } from "../../runtime/image";
import { startCriServer, type CriServer } from "../../runtime/cri/cri-server";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text";
import { criClient, type CriClient } from "./cri-client";

const work = mkdtempSync(join(tmpdir(), "a3s-cri-metrics-"));
const store = new ImageStore({ root: join(work, "store") });
let server: CriServer;
let cri: CriClient;

beforeAll(async () => {
  server = await startCriServer({ listen: `unix://${join(work, "cri.sock")}`, version: "9.9.9", store, stateDir: join(work, "state"), metrics: { listen: "127.0.0.1:0" } });
  cri = criClient(server.address);
});

afterAll(async () => {
  cri?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

const scrape = (headers: Record<string, string> = {}) => fetch(server.metrics!.url, { headers });

it("refuses a scrape without the token or with a wrong one", async () => {
  expect(server.metrics?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  const none = await scrape();
  expect(none.status).toBe(401);
  expect(await none.text()).toMatch(/Bearer/);
  expect((await scrape({ authorization: `Bearer ${server.metrics!.token}x` })).status).toBe(401);
  expect((await fetch(server.metrics!.url.replace("/metrics", "/"), { headers: { authorization: `Bearer ${server.metrics!.token}` } })).status).toBe(404);
});

it("serves the metrics to a scrape with the token, with the runtime's boxes counted", async () => {
  // A refused pod (bad annotation) is no boot: nothing is counted for it.
  const refused = (await cri.runtime
    .RunPodSandbox({ config: { metadata: { name: "p", uid: "u", namespace: "n", attempt: 0 }, annotations: { "a3s.box/network": "everything" }, labels: {} } })
    .catch((e: unknown) => e)) as grpc.ServiceError;
  expect(refused.details).toMatch(/a3s\.box\/network/);

  const answer = await scrape({ authorization: `Bearer ${server.metrics!.token}` });
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await answer.text();
  const samples = parsePrometheusText(text);
  expect(sampleValue(samples, "a3s_box_boxes", { state: "booting" })).toBe(0);
  expect(samples.filter((s) => s.name === "a3s_box_boxes").map((s) => s.labels.state)).toEqual(["booting"]);
  expect(sampleValue(samples, "a3s_box_approvals_pending")).toBe(0);
  expect(text).toContain("# TYPE a3s_box_boot_duration_seconds histogram");
  expect(sampleValue(samples, "a3s_box_boot_duration_seconds_count", { outcome: "failed" })).toBeUndefined();
  expect(samples.filter((s) => s.name === "a3s_box_errors_total")).toEqual([]);
});

it("refuses a non-loopback metrics address unless remote metrics are allowed, leaving nothing listening", async () => {
  const port = await freePort();
  const listen = `0.0.0.0:${port}`;
  const refused = await startCriServer({ listen: `unix://${join(work, "other.sock")}`, version: "9.9.9", store, stateDir: join(work, "state"), metrics: { listen } }).catch((e: unknown) => e);
  expect(refused).toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringMatching(/0\.0\.0\.0.*other machines/) });
  expect(await freePort(port)).toBe(port);

  const remote = await startCriServer({ listen: `unix://${join(work, "other.sock")}`, version: "9.9.9", store, stateDir: join(work, "state"), metrics: { listen, allowRemote: true, token: "t0ken" } });
  try {
    expect(remote.metrics).toEqual({ url: `http://0.0.0.0:${port}/metrics`, token: "t0ken" });
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: "Bearer t0ken" } })).status).toBe(200);
  } finally {
    await remote.close();
  }
  for (const bad of ["127.0.0.1", "localhost:99999", "unix:///tmp/m.sock"]) {
    await expect(startCriServer({ listen: `unix://${join(work, "bad.sock")}`, version: "9.9.9", store, metrics: { listen: bad } })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringContaining("host:port") });
  }
});

/** A free TCP port (or `wanted`, proving it is free), found by listening on it. */
function freePort(wanted = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(wanted, "0.0.0.0", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
