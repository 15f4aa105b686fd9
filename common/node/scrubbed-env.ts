/** Names of secrets that the agent holds and the code it runs must never see. */
const SECRET = /_API_KEY$|^A3S_AGENT_TOKEN$/;

/** The environment without the agent's secrets: model API keys and the agent's own token. */
export function scrubbedEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET.test(name)));
}
