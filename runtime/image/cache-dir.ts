import { homedir } from "node:os";
import { join } from "node:path";

/** `$XDG_CACHE_HOME/a3s-box`, else `~/.cache/a3s-box`: where a3s-box keeps rebuildable data. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith("/") ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(base, "a3s-box");
}

/** The image store's folder; `A3S_BOX_IMAGE_STORE` overrides it (tests, CI). */
export function defaultImageStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.A3S_BOX_IMAGE_STORE || join(userCacheDir(env), "images");
}
