/**
 * Names of secrets that code the agent runs must never see: model API keys, any other
 * token or secret (the agent's own token among them), and the providers' base URLs, which
 * in a box carry the gateway's token.
 */
const SECRET = /_API_KEY$|_TOKEN$|_SECRET$|_BASE_URL$|^OLLAMA_HOST$/;

/** The environment without the agent's secrets. */
export function scrubbedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET.test(name)));
}
