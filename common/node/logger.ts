/**
 * Structured logs: one JSON object a line on stderr, `{time, level, component, msg, ...fields}`,
 * filtered by level (`--log-level` or `A3S_LOG`; docs/agent.md).
 */
export const LOG_LEVELS = ["error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = "info";

export type LogFields = Record<string, unknown>;
export type Logger = Record<LogLevel, (msg: string, fields?: LogFields) => void>;

/** The level `text` names; `source` (a flag or variable) is named in the error for any other text. */
export function parseLogLevel(text: string, source: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw new Error(`${source}: unknown log level "${text}"; use one of ${LOG_LEVELS.join(", ")}`);
}

/** The level from a flag if given, else from A3S_LOG, else the default. */
export function logLevelFrom(flag: string | undefined, env: NodeJS.ProcessEnv): LogLevel {
  if (flag !== undefined) return parseLogLevel(flag, "--log-level");
  const fromEnv = env["A3S_LOG"];
  return fromEnv ? parseLogLevel(fromEnv, "A3S_LOG") : DEFAULT_LOG_LEVEL;
}

/** A logger at the level A3S_LOG of `env` names (else the default): for parts a command line does not reach. */
export function envLogger(component: string, env: NodeJS.ProcessEnv = process.env): Logger {
  return createLogger({ level: logLevelFrom(undefined, env), component });
}

export function createLogger(options: { level: LogLevel; component: string; write?: (line: string) => void }): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const most = LOG_LEVELS.indexOf(options.level);
  const entry = (level: LogLevel) => (msg: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(level) > most) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, component: options.component, msg, ...fields })}\n`);
  };
  return { error: entry("error"), warn: entry("warn"), info: entry("info"), debug: entry("debug"), trace: entry("trace") };
}
