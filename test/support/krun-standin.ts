import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const source = join(import.meta.dirname, "krun-standin.c");

/**
 * Compiles the libkrun stand-in (see krun-standin.c) into `dir` and returns its path.
 * `newerApi: false` leaves out the functions newer libkrun versions added.
 */
export function buildKrunStandin(dir: string, options: { newerApi?: boolean } = {}): string {
  const newerApi = options.newerApi ?? true;
  const output = join(dir, newerApi ? "libkrun-standin.so" : "libkrun-standin-old.so");
  execFileSync("gcc", [
    "-shared", "-fPIC", "-O1", "-pthread", "-Wall", "-Werror",
    ...(newerApi ? ["-DSTANDIN_WITH_NEWER_API"] : []),
    "-o", output, source,
  ]);
  return output;
}

/** The calls the stand-in recorded, one array per call: [function, ...arguments]. */
export function readKrunCalls(logPath: string): unknown[][] {
  let text: string;
  try {
    text = readFileSync(logPath, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown[]);
}
