// A .wasm import is the module's bytes: tsup's binary loader in the agent bundle, and the
// plugin in vitest.config.ts under test.
declare module "*.wasm" {
  const bytes: Uint8Array;
  export default bytes;
}
