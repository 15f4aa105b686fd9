import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { FileSessionStore } from "./file-session-store";
import { openSessionStore } from "./open-session-store";

const dir = mkdtempSync(join(tmpdir(), "a3s-open-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const storeModule = join(import.meta.dirname, "../../../test/support/map-session-store.mjs");

it("opens the file store by name, and a module's store by path", async () => {
  expect(await openSessionStore("file", dir)).toBeInstanceOf(FileSessionStore);
  const store = await openSessionStore(storeModule, dir);
  await store.save({ id: "s1", options: {}, createdAtMs: 1, updatedAtMs: 1, messages: [], usedTokens: 0, totalUsage: { inputTokens: 0, outputTokens: 0 } });
  expect(await (await openSessionStore(storeModule, dir)).list()).toEqual(["s1"]);
});

it("refuses unknown names, missing modules, modules without a factory and stores without the methods", async () => {
  await expect(openSessionStore("redis", dir)).rejects.toThrow(
    '--session-store: "redis" is neither a built-in store (file, sqlite) nor a module path (./my-store.mjs)',
  );
  await expect(openSessionStore("./nowhere.mjs", dir)).rejects.toThrow(/^--session-store: cannot load \/.*\/nowhere\.mjs: /);
  const noFactory = join(dir, "no-factory.mjs");
  writeFileSync(noFactory, "export const store = {};\n");
  await expect(openSessionStore(noFactory, dir)).rejects.toThrow(`--session-store: ${noFactory} exports no createSessionStore function (nor a default one)`);
  const partial = join(dir, "partial.mjs");
  writeFileSync(partial, "export default () => ({ save: async () => {}, load: async () => {} });\n");
  await expect(openSessionStore(partial, dir)).rejects.toThrow(`--session-store: the store from ${partial} lacks delete, list, exists`);
  const failing = join(dir, "failing.mjs");
  writeFileSync(failing, "export function createSessionStore() { throw new Error('no database server'); }\n");
  await expect(openSessionStore(failing, dir)).rejects.toThrow(`--session-store: ${failing} failed to open its store: no database server`);
});
