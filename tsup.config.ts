import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
const define = { __A3S_VERSION__: JSON.stringify(version) };

// The Node parts. The SDK and CLI keep their npm dependencies external; the guest agent
// is one self-contained file, because it runs inside VMs that have no node_modules.
export default defineConfig([
  {
    entry: { "sdk/index": "sdk/index.ts", "cli/main": "cli/main.ts", "runtime/krun-vm": "runtime/vm/krun/krun-vm-main.ts" },
    outDir: "dist",
    format: "esm",
    platform: "node",
    target: "node20",
    dts: { entry: { "sdk/index": "sdk/index.ts" } },
    sourcemap: true,
    define,
    clean: false,
    splitting: true,
  },
  {
    entry: { "guest/agent": "guest/agent/main.ts", "guest/agent-loader": "guest/agent/loader.ts", "guest/image-builder": "runtime/guest-image/main.ts" },
    outDir: "dist",
    format: "cjs",
    platform: "node",
    target: "node20",
    noExternal: [/.*/],
    outExtension: () => ({ js: ".cjs" }),
    // The bash parser's WebAssembly goes inside the bundle as bytes.
    loader: { ".wasm": "binary" },
    // Bundled ESM dependencies read import.meta.url; the shim gives them this file's URL.
    shims: true,
    sourcemap: true,
    define,
    clean: false,
  },
]);
