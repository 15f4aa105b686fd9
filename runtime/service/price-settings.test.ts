import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ErrorCodes } from "../../common/errors";
import { DEFAULT_PRICES, costOf, type PriceTable } from "../../common/prices";
import { createBoxApiDispatcher } from "./box-api-schema";
import { BoxService, type BoxLauncher } from "./box-service";
import { FileSecretStore } from "./secret-store";

/** Records the prices each box's gateway would get; boots nothing. */
class RecordingLauncher implements BoxLauncher {
  readonly prices: PriceTable[] = [];
  async launch(request: Parameters<BoxLauncher["launch"]>[0]): Promise<never> {
    this.prices.push(request.prices);
    throw new Error("not booted in this test");
  }
}

let dir: string;
let launcher: RecordingLauncher;
let service: BoxService;
const open = () => BoxService.open({ stateDir: join(dir, "state"), secrets: new FileSecretStore(join(dir, "state")), host: "browser", version: "test", env: {}, launcher });
const sonnet = (table: PriceTable) => costOf(table, { provider: "anthropic", model: "claude-sonnet-4-5", inputTokens: 1_000_000, outputTokens: 1_000_000 });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "a3s-prices-"));
  launcher = new RecordingLauncher();
  service = await open();
});

afterEach(async () => {
  await service.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it("shows the shipped prices with their sources until settings override them", async () => {
  const settings = await service.getSettings();
  expect(settings.priceOverrides).toEqual([]);
  expect(settings.prices).toEqual(DEFAULT_PRICES);
  await service.createBox({ workspace: dir });
  await expect.poll(() => launcher.prices.length).toBe(1);
  expect(launcher.prices[0]).toEqual(DEFAULT_PRICES);
});

it("gives a box's gateway the overridden prices, and keeps them across a restart", async () => {
  const call = createBoxApiDispatcher(service);
  const override = { provider: "anthropic", model: "claude-sonnet-4", inputPerMillion: 1, outputPerMillion: 2 };
  const settings = (await call("updateSettings", [{ priceOverrides: [override] }])) as Awaited<ReturnType<BoxService["getSettings"]>>;
  expect(settings.priceOverrides).toEqual([override]);
  expect(sonnet(settings.prices)).toBe(3);

  await service.dispose();
  service = await open();
  expect((await service.getSettings()).priceOverrides).toEqual([override]);
  await service.createBox({ workspace: dir });
  await expect.poll(() => launcher.prices.length).toBe(1);
  expect(sonnet(launcher.prices[0]!)).toBe(3);

  await service.updateSettings({ priceOverrides: [] });
  expect(sonnet((await service.getSettings()).prices)).toBe(18);
});

it.each<[string, unknown, RegExp]>([
  ["a negative price", { provider: "openai", model: "gpt-5", inputPerMillion: -1, outputPerMillion: 1 }, /inputPerMillion/],
  ["a price that is not a number", { provider: "openai", model: "gpt-5", inputPerMillion: "1", outputPerMillion: 1 }, /inputPerMillion/],
  ["an unknown provider", { provider: "acme", model: "x", inputPerMillion: 1, outputPerMillion: 1 }, /provider/],
  ["an unknown field", { provider: "openai", model: "gpt-5", inputPerMillion: 1, outputPerMillion: 1, currency: "EUR" }, /currency/],
])("refuses %s with a clear error and changes nothing", async (_name, override, message) => {
  const call = createBoxApiDispatcher(service);
  const error = await call("updateSettings", [{ priceOverrides: [override] }]).then(() => undefined, (e: unknown) => e as { code: string; message: string });
  expect(error?.code).toBe(ErrorCodes.INVALID_ARGUMENT);
  expect(error?.message).toMatch(message);
  expect((await service.getSettings()).priceOverrides).toEqual([]);
});
