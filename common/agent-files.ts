/**
 * The agent's files, side by side in dist/guest and in the agent layer (/opt/a3s in a box):
 * the bundle, the loader a box starts it with, and V8's code cache of the bundle that the
 * loader reads (made when the layer is built: runtime/guest-image/code-cache.ts).
 */
export const AGENT_BUNDLE = "agent.cjs";
export const AGENT_LOADER = "agent-loader.cjs";
export const AGENT_CODE_CACHE = "agent.cjs.cache";
