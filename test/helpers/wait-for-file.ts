import { existsSync, watch } from "node:fs";
import { dirname } from "node:path";

/** Resolves once `path` exists, woken by its folder's change events rather than by polling. */
export function waitForFile(path: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dirname(path), () => check());
    const check = () => {
      if (!existsSync(path)) return;
      watcher.close();
      resolve();
    };
    check();
  });
}
