// Replaced at build time by tsup from package.json; the fallback serves runs from source.
declare const __A3S_VERSION__: string | undefined;
export const AGENT_VERSION = typeof __A3S_VERSION__ === "string" ? __A3S_VERSION__ : "0.0.0-dev";
