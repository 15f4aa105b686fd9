/**
 * What the agent loads at its first use rather than at its start, where its modules are
 * large: the providers' SDKs and the bash parser with its WebAssembly. A snapshot template's
 * agent (`--preload`) loads it all before its save, so that the boxes restored from it have it
 * loaded, as they did when the whole bundle loaded at start.
 */
export async function preloadLazyModules(): Promise<void> {
  await Promise.all([import("./providers/anthropic"), import("./providers/ollama"), import("./providers/openai"), import("./policy/bash-parser")]);
}
