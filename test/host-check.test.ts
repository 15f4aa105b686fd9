// The app's Settings show `a3s-box doctor`'s report: the settings store asks a real
// BoxService, which checks the providers as its boxes would get them (settings and stored keys).
import { afterAll, beforeAll, expect, it } from "vitest";
import { BoxService } from "../runtime/service/box-service";
import { FileSecretStore } from "../runtime/service/secret-store";
import { createSettingsStore } from "../src-renderer/state/settings-store";
import { tempDir } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";

let models: ModelServer;
const state = tempDir("a3s-host-check-");
beforeAll(async () => {
  models = await ModelServer.start();
});
afterAll(async () => {
  await models?.stop();
  state.remove();
});

it("reports this host in Settings, with the keychain the host named and the providers from settings", async () => {
  const keychain = { check: "keychain", status: "ok" as const, detail: "provider keys are encrypted by the test keychain" };
  const service = await BoxService.open({ stateDir: state.path, secrets: new FileSecretStore(state.path), host: "electron", version: "test", env: {}, keychain });
  try {
    await service.updateSettings({ providerBaseUrls: { openai: models.env()["OPENAI_BASE_URL"]! } });
    await service.setProviderKey("openai", "sk-settings-only");
    const store = createSettingsStore(service);
    await store.getState().checkHost();
    const { hostReport, error, checkingHost } = store.getState();
    expect(error).toBeUndefined();
    expect(checkingHost).toBe(false);
    const line = (check: string) => hostReport!.lines.find((l) => l.check === check);
    expect(line("platform")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^linux x64 /) });
    expect(line("keychain")).toEqual(keychain);
    expect(line("provider openai")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^key set \(OPENAI_API_KEY\); http:\/\/127\.0\.0\.1:\d+ answers/) });
    expect(line("accelerator")).toBeDefined();
    expect(line("guest artifacts")).toBeDefined();
    expect(hostReport!.canStartBox).toBe(!hostReport!.lines.some((l) => l.status === "fail"));
  } finally {
    await service.dispose();
  }
}, 300_000);
