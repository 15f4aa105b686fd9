// How a box starts its agent: `node agent-loader.cjs ARGS…` runs the bundle agent.cjs beside it
// as Node's require would, but with V8's code cache of it, agent.cjs.cache: the bytecode of
// every function the agent's start ran when the agent layer was built, made by the guest's own
// Node (runtime/guest-image/code-cache.ts). V8 then neither parses nor compiles those functions,
// which under software emulation is most of a box's start. A missing cache, or one V8 rejects
// (another Node, other V8 flags), only costs that time: the loader says so on stderr and V8
// compiles the bundle as usual.
// With A3S_CODE_CACHE_OUT=FILE (the layer's build) it writes the cache to FILE and exits when
// sent SIGUSR2, once the builder has taken the agent through its start and first call.
import { readFileSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script, constants } from "node:vm";
import { AGENT_BUNDLE, AGENT_CODE_CACHE } from "../../common/agent-files";

const bundle = join(__dirname, AGENT_BUNDLE);
const cacheFile = join(__dirname, AGENT_CODE_CACHE);
const out = process.env["A3S_CODE_CACHE_OUT"];
delete process.env["A3S_CODE_CACHE_OUT"];

let cachedData: Buffer | undefined;
if (!out) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    process.stderr.write(`a3s-box agent: no code cache at ${cacheFile}; compiling the agent\n`);
  }
}
const script = new Script(Module.wrap(readFileSync(bundle, "utf8")), {
  filename: bundle,
  ...(cachedData ? { cachedData } : {}),
  // The bundle's own import() (a session store MODULE) loads as it would under require.
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
if (cachedData && script.cachedDataRejected) process.stderr.write(`a3s-box agent: V8 rejected the code cache ${cacheFile}; compiling the agent\n`);
if (out) {
  process.once("SIGUSR2", () => {
    writeFileSync(out, script.createCachedData());
    process.exit(0);
  });
}
const agent = new Module(bundle);
agent.filename = bundle;
(script.runInThisContext() as (...args: unknown[]) => void).call(agent.exports, agent.exports, createRequire(bundle), agent, bundle, dirname(bundle));

