// A module the agent imports at first use but a template's agent does not preload would be
// loaded after attach in every box restored from that template.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { expect, it } from "vitest";

const lazyImports = (file: string) => [...readFileSync(file, "utf8").matchAll(/\bimport\("(\.{1,2}\/[^"]+)"\)/g)].map((m) => resolve(dirname(file), m[1]!));

it("preloads every module the agent imports at first use", () => {
  const dir = import.meta.dirname;
  const sources = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "preload.ts")
    .map((file) => join(dir, file));
  const lazy = new Set(sources.flatMap(lazyImports));
  expect(lazy.size).toBeGreaterThan(0);
  const preloaded = new Set(lazyImports(join(dir, "preload.ts")));
  expect([...lazy].filter((module) => !preloaded.has(module))).toEqual([]);
});
