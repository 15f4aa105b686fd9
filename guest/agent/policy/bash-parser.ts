/**
 * A real bash parser for permission rules: tree-sitter's bash grammar, in the WebAssembly
 * build VS Code ships to parse terminal commands for its own approval rules. Both .wasm
 * files are embedded in the agent bundle (a VM has no node_modules), and the parser loads
 * once, on first use.
 */
import * as treeSitterModule from "@vscode/tree-sitter-wasm";
import runtimeWasm from "@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm";
import bashWasm from "@vscode/tree-sitter-wasm/wasm/tree-sitter-bash.wasm";

export type SyntaxNode = treeSitterModule.Node;

// Node's ESM loader hands this UMD module over as `default`; a bundler as the namespace.
const treeSitter = ((treeSitterModule as { default?: typeof treeSitterModule }).default ?? treeSitterModule);

let loading: Promise<treeSitterModule.Parser> | undefined;

async function load(): Promise<treeSitterModule.Parser> {
  await treeSitter.Parser.init({ wasmBinary: runtimeWasm } as unknown as Parameters<typeof treeSitter.Parser.init>[0]);
  const parser = new treeSitter.Parser();
  parser.setLanguage(await treeSitter.Language.load(bashWasm));
  return parser;
}

/** Parses `source` and hands its syntax tree to `use`; the tree is freed afterwards. */
export async function withBashTree<T>(source: string, use: (root: SyntaxNode) => T): Promise<T> {
  loading ??= load();
  const parser = await loading;
  const tree = parser.parse(source);
  if (!tree) throw new Error("the bash parser returned no tree");
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}
