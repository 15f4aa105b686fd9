// ESLint plugin enforcing the layer table of ARCHITECTURE.md: imports only go downward.
import { builtinModules } from "node:module";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** layer → the layers it may import (besides itself). `null` = anything. */
export const LAYERS = {
  proto: [],
  common: [],
  "guest/agent": ["common"],
  "guest/init": [],
  client: ["common"],
  native: [],
  runtime: ["common", "client", "native"],
  sdk: ["client", "runtime", "common"],
  cli: ["sdk", "runtime"],
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
      if (NO_NODE.has(from) && (nodeBuiltins.has(spec) || spec.startsWith("node:"))) {
        context.report({ node, message: `${from}/ may not import the Node built-in "${spec}": it runs without Node` });
      }
      if ((spec === "electron" || spec.startsWith("electron/")) && !ELECTRON_OK.has(from)) {
        context.report({ node, message: `${from}/ may not import Electron; only src-main and src-preload do` });
      }
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
