import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { BUILTIN_SESSION_STORES, type SessionStore, type SessionStoreFactory } from "../../../common/session-store";
import { FileSessionStore } from "./file-session-store";
import { SqliteSessionStore } from "./sqlite-session-store";

const METHODS = ["save", "load", "delete", "list", "exists"] as const;

/**
 * The store `--session-store` names: `file` (one JSON file per session, the default),
 * `sqlite` (`sessions.sqlite` in the state dir), or a path to a module exporting a
 * `SessionStoreFactory` as `createSessionStore` or as its default export.
 */
export async function openSessionStore(spec: string, stateDir: string): Promise<SessionStore> {
  if (spec === "file") return new FileSessionStore(stateDir);
  if (spec === "sqlite") return SqliteSessionStore.open(join(stateDir, "sessions.sqlite"));
  if (!spec.includes("/")) {
    throw new Error(`--session-store: "${spec}" is neither a built-in store (${BUILTIN_SESSION_STORES.join(", ")}) nor a module path (./my-store.mjs)`);
  }
  const path = resolve(spec);
  let exports: { createSessionStore?: unknown; default?: unknown };
  try {
    exports = (await import(pathToFileURL(path).href)) as typeof exports;
  } catch (err) {
    throw new Error(`--session-store: cannot load ${path}: ${(err as Error).message}`);
  }
  const factory = exports.createSessionStore ?? exports.default;
  if (typeof factory !== "function") throw new Error(`--session-store: ${path} exports no createSessionStore function (nor a default one)`);
  let store: unknown;
  try {
    store = await (factory as SessionStoreFactory)({ stateDir });
  } catch (err) {
    throw new Error(`--session-store: ${path} failed to open its store: ${(err as Error).message}`);
  }
  const missing = METHODS.filter((name) => typeof (store as Record<string, unknown> | null)?.[name] !== "function");
  if (missing.length > 0) throw new Error(`--session-store: the store from ${path} lacks ${missing.join(", ")}`);
  return store as SessionStore;
}
