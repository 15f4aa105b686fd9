import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Bytes `path` takes: a link as the link, a folder with all below it, hard-linked files once. */
export function diskUsage(path: string): number {
  const seen = new Set<string>();
  let total = 0;
  const walk = (full: string) => {
    const st = lstatSync(full);
    const key = `${st.dev}:${st.ino}`;
    if (!seen.has(key)) {
      seen.add(key);
      total += st.size;
    }
    if (st.isDirectory()) for (const name of readdirSync(full)) walk(join(full, name));
  };
  walk(path);
  return total;
}
