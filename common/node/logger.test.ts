import { expect, it } from "vitest";
import { createLogger, logLevelFrom, parseLogLevel } from "./logger";

it("writes JSON lines at and above its level, nothing below", () => {
  const lines: string[] = [];
  const log = createLogger({ level: "warn", component: "test", write: (line) => lines.push(line) });
  log.error("broken", { code: 7 });
  log.warn("odd \"quoted\"\nline");
  log.info("chatty");
  log.debug("details");
  log.trace("everything");
  expect(lines.every((line) => line.endsWith("\n") && !line.slice(0, -1).includes("\n"))).toBe(true);
  const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(parsed.map(({ time: _time, ...rest }) => rest)).toEqual([
    { level: "error", component: "test", msg: "broken", code: 7 },
    { level: "warn", component: "test", msg: "odd \"quoted\"\nline" },
  ]);
  expect(new Date(parsed[0]!["time"] as string).getTime()).toBeGreaterThan(0);
  const all: string[] = [];
  const trace = createLogger({ level: "trace", component: "t", write: (line) => all.push(line) });
  for (const level of ["error", "warn", "info", "debug", "trace"] as const) trace[level](level);
  expect(all.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(["error", "warn", "info", "debug", "trace"]);
});

it("takes the level from the flag, else A3S_LOG, else info, and refuses unknown levels by name", () => {
  expect(logLevelFrom("debug", { A3S_LOG: "error" })).toBe("debug");
  expect(logLevelFrom(undefined, { A3S_LOG: "error" })).toBe("error");
  expect(logLevelFrom(undefined, {})).toBe("info");
  expect(() => parseLogLevel("verbose", "--log-level")).toThrow('--log-level: unknown log level "verbose"; use one of error, warn, info, debug, trace');
  expect(() => logLevelFrom(undefined, { A3S_LOG: "loud" })).toThrow('A3S_LOG: unknown log level "loud"');
});
