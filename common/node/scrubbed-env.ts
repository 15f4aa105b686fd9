import { PROVIDERS, PROVIDER_NAMES } from "../providers";

/**
 * What the code the agent runs must never see: model API keys, the agent's own token, and
 * the providers' base URLs (in a box they carry the box's gateway token).
 */
const SECRET_NAMES = new Set<string>([
  "A3S_AGENT_TOKEN",
  ...PROVIDER_NAMES.flatMap((name) => {
    const { baseUrlVar, keyVar } = PROVIDERS[name];
    return keyVar ? [baseUrlVar, keyVar] : [baseUrlVar];
  }),
]);

/** The environment without the agent's secrets. */
export function scrubbedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET_NAMES.has(name) && !name.endsWith("_API_KEY")));
}
