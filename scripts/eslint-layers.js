// ESLint plugin enforcing the layer table of ARCHITECTURE.md: imports only go downward.
import { builtinModules } from "node:module";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** layer → the layers it may import (besides itself). `null` = anything. */
export const LAYERS = {
  proto: [],
  common: [],
  "common/node": ["common"],
  "guest/agent": ["common", "common/node"],
  "guest/init": [],
  client: ["common", "common/node"],
  native: [],
  runtime: ["common", "common/node", "client", "native"],
  sdk: ["client", "runtime", "common"],
  cli: ["sdk", "runtime", "common/node"],
  "src-main": ["runtime", "common"],
  "src-preload": ["common"],
  "src-renderer": ["common"],
  resources: [],
  test: null,
  bench: null,
  examples: null,
  docs: null,
  scripts: null,
};

/**
 * layer → the npm packages it may import (besides Electron, checked below, and vitest in tests).
 * Layers not listed may import any package. A new dependency is added here on purpose.
 */
export const PACKAGES = {
  proto: [],
  common: ["protobufjs"],
  "common/node": [
    "@grpc/grpc-js", "@grpc/proto-loader", "proper-lockfile",
    "@opentelemetry/api", "@opentelemetry/context-async-hooks", "@opentelemetry/core", "@opentelemetry/exporter-trace-otlp-http", "@opentelemetry/resources", "@opentelemetry/sdk-trace",
  ],
  "guest/agent": ["@anthropic-ai/sdk", "@opentelemetry/api", "@vscode/tree-sitter-wasm", "@grpc/grpc-js", "ajv", "ollama", "openai", "partial-json", "picomatch", "tinyglobby", "yaml"],
  "guest/init": [],
  client: ["@grpc/grpc-js", "@opentelemetry/api"],
  native: [],
  runtime: ["@grpc/grpc-js", "@grpc/proto-loader", "@opentelemetry/api", "@opentelemetry/core", "@opentelemetry/resources", "@opentelemetry/sdk-trace", "fzstd", "ipaddr.js", "ollama", "prom-client", "tar", "ws", "zod"],
  sdk: [],
  cli: ["cli-progress", "commander", "ws"],
  "src-main": [],
  "src-preload": [],
  "src-renderer": ["@monaco-editor/react", "dompurify", "marked", "monaco-editor", "react", "react-dom", "zustand"],
  resources: [],
};

/** "@scope/name/sub" → "@scope/name", "name/sub" → "name". */
function packageName(spec) {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Layers that must run without Node built-ins (browser code, or pure code shared with it). */
const NO_NODE = new Set(["common", "src-renderer", "src-preload"]);
/** Only these layers may import Electron. */
const ELECTRON_OK = new Set(["src-main", "src-preload", "test"]);

const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function layerOf(file) {
  const rel = relative(root, file).split(sep).join("/");
  if (rel.startsWith("..")) return undefined;
  return Object.keys(LAYERS)
    .filter((layer) => rel === layer || rel.startsWith(`${layer}/`))
    .sort((a, b) => b.length - a.length)[0];
}

const importRule = {
  meta: {
    type: "problem",
    docs: { description: "imports follow the layer table of ARCHITECTURE.md" },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    const allowed = LAYERS[from];
    const isTest = /\.test\.tsx?$/.test(context.filename);

    function check(node, spec) {
      if (typeof spec !== "string") return;
      if (spec.startsWith(".")) {
        if (allowed === null) return;
        const target = layerOf(resolve(dirname(context.filename), spec));
        if (target && target !== from && !allowed.includes(target)) {
          context.report({ node, message: `${from}/ may not import from ${target}/ (see ARCHITECTURE.md, layers)` });
        }
        return;
      }
      const builtin = nodeBuiltins.has(spec) || spec.startsWith("node:");
      if (NO_NODE.has(from) && builtin) {
        context.report({ node, message: `${from}/ may not import the Node built-in "${spec}": it runs without Node` });
      }
      const pkg = packageName(spec);
      if (pkg === "electron") {
        if (!ELECTRON_OK.has(from)) context.report({ node, message: `${from}/ may not import Electron; only src-main and src-preload do` });
        return;
      }
      const packages = PACKAGES[from];
      if (builtin || !packages || packages.includes(pkg) || (pkg === "vitest" && isTest)) return;
      context.report({ node, message: `${from}/ may not import the package "${pkg}" (see PACKAGES in scripts/eslint-layers.js)` });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === "Identifier" && node.callee.name === "require" && node.arguments[0]?.type === "Literal") {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { imports: importRule } };
