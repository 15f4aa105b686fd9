// The desktop app's /metrics, started from its environment around a real BoxService (no Electron).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BoxService } from "../runtime/service/box-service";
import { FileSecretStore } from "../runtime/service/secret-store";
import { parsePrometheusText, sampleValue } from "./support/prometheus-text";
import { startAppMetrics } from "../src-main/app-metrics";

const stateDir = mkdtempSync(join(tmpdir(), "a3s-app-metrics-"));
let service: BoxService;

beforeAll(async () => {
  service = await BoxService.open({ stateDir, secrets: new FileSecretStore(stateDir), host: "electron", version: "0.0.0" });
});

afterAll(async () => {
  await service?.dispose();
  rmSync(stateDir, { recursive: true, force: true });
});

const scrape = () => service.metrics.scrape();

it("serves nothing unless A3S_BOX_METRICS_LISTEN is set", async () => {
  expect(await startAppMetrics({}, scrape)).toBeUndefined();
});

it("serves the service's metrics on the address given, only with the token", async () => {
  const server = (await startAppMetrics({ A3S_BOX_METRICS_LISTEN: "127.0.0.1:0", A3S_BOX_METRICS_TOKEN: "s3cret" }, scrape))!;
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(server.url)).status).toBe(401);
    const answer = await fetch(server.url, { headers: { authorization: "Bearer s3cret" } });
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(sampleValue(parsePrometheusText(text), "a3s_box_approvals_pending")).toBe(0);
    expect(text).toContain("# TYPE a3s_box_boxes gauge");
  } finally {
    await server.close();
  }
});

it("refuses a non-loopback address unless A3S_BOX_METRICS_ALLOW_REMOTE=1", async () => {
  await expect(startAppMetrics({ A3S_BOX_METRICS_LISTEN: "0.0.0.0:0" }, scrape)).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringMatching(/other machines/) });
  const server = (await startAppMetrics({ A3S_BOX_METRICS_LISTEN: "0.0.0.0:0", A3S_BOX_METRICS_ALLOW_REMOTE: "1" }, scrape))!;
  try {
    expect(server.token).toMatch(/^[0-9a-f]{48}$/);
    const port = new URL(server.url).port;
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${server.token}` } })).status).toBe(200);
  } finally {
    await server.close();
  }
});
