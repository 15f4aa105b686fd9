import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { DEFAULT_UI_POLICY } from "../../common/box-api";
import { FileSecretStore, type SecretCipher } from "./secret-store";
import { StateStore, type StoredSettings } from "./state-store";

let dir: string;
const settings: StoredSettings = { defaultModel: { provider: "openai", name: "m" }, defaultPolicy: DEFAULT_UI_POLICY, providerBaseUrls: {}, priceOverrides: [] };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "a3s-state-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("keeps boxes, sessions, settings and transcripts across instances, leaving no temp files", async () => {
  const store = new StateStore(dir);
  const state = await store.load(settings);
  state.boxes.push({ id: "b1", name: "ws", workspace: "/ws", kind: "vm" });
  await store.save(state);
  await store.saveTranscript("s-1", [{ kind: "user", id: "user-0", text: "hi" }]);
  const again = new StateStore(dir);
  expect((await again.load(settings)).boxes).toEqual([{ id: "b1", name: "ws", workspace: "/ws", kind: "vm" }]);
  expect(await again.loadTranscript("s-1")).toEqual([{ kind: "user", id: "user-0", text: "hi" }]);
  expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
});

it("stops on a corrupt state file, naming it, and leaves it untouched", async () => {
  writeFileSync(join(dir, "state.json"), "{ not json");
  await expect(new StateStore(dir).load(settings)).rejects.toThrow(`${join(dir, "state.json")} is not valid JSON`);
  expect(readFileSync(join(dir, "state.json"), "utf8")).toBe("{ not json");
});

it("refuses session ids that could name another file", async () => {
  await expect(new StateStore(dir).saveTranscript("../state", [])).rejects.toThrow("invalid session id");
});

it("keeps keys readable by the user only, and encrypted when a cipher is given", async () => {
  const plain = new FileSecretStore(dir);
  await plain.set("openai", "sk-plain");
  expect(statSync(join(dir, "keys.json")).mode & 0o777).toBe(0o600);
  expect(await plain.get("openai")).toBe("sk-plain");

  const cipher: SecretCipher = {
    encrypt: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
    decrypt: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
  };
  const sealed = new FileSecretStore(dir, cipher);
  await sealed.set("anthropic", "sk-ant-secret");
  expect(readFileSync(join(dir, "keys.encrypted.json"), "utf8")).not.toContain("sk-ant-secret");
  expect(await sealed.get("anthropic")).toBe("sk-ant-secret");
  expect(await sealed.providersWithKeys()).toEqual(["anthropic"]);
  await sealed.set("anthropic", null);
  expect(await sealed.get("anthropic")).toBeUndefined();
});
