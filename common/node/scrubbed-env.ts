import { PROVIDERS, PROVIDER_NAMES } from "../providers";

/**
 * What the code the agent runs must never see: model API keys, the agent's own token, the
 * providers' base URLs (in a box they carry the box's gateway token), the OTLP exporter's
 * settings (in a box its endpoint carries that token; elsewhere its headers may hold a
 * collector's credentials), and any other variable named as a token or secret.
 */
const SECRET_NAMES = new Set<string>([
  "A3S_AGENT_TOKEN",
  ...PROVIDER_NAMES.flatMap((name) => {
    const { baseUrlVar, keyVar } = PROVIDERS[name];
    return keyVar ? [baseUrlVar, keyVar] : [baseUrlVar];
  }),
]);
const SECRET_PATTERN = /_API_KEY$|_TOKEN$|_SECRET$|^OTEL_EXPORTER_OTLP_/;

/** The environment without the agent's secrets. */
export function scrubbedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET_NAMES.has(name) && !SECRET_PATTERN.test(name)));
}
