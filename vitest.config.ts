import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, type Plugin } from "vitest/config";

/** `import bytes from "x.wasm"` gives the file's bytes, as tsup's binary loader does in the bundle. */
const wasmAsBytes: Plugin = {
  name: "wasm-as-bytes",
  enforce: "pre",
  load(id) {
    if (!id.endsWith(".wasm")) return undefined;
    return `export default Uint8Array.from(Buffer.from(${JSON.stringify(readFileSync(id).toString("base64"))}, "base64"));`;
  },
};

/** Tests that boot real VMs under software emulation: they take the CPUs, so they run last. */
const VM_TESTS = ["test/vm-*.test.ts", "test/security/vm-*.test.ts", "test/guest-image.test.ts", "test/image/box-image.test.ts", "test/e2e/ui-vm.e2e.test.ts"];
const EXCLUDE = ["node_modules/**", "dist/**", "out/**"];

export default defineConfig({
  plugins: [wasmAsBytes],
  test: {
    // Fails the run when a process the suite started outlives it.
    globalSetup: ["test/setup/leak-check.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's default of 1 s is too short for a loaded 2-core CI machine.
    expect: { poll: { timeout: 10_000 } },
    // Boxes the tests make keep their audit logs here, not in the user's ~/.local/state.
    env: { A3S_BOX_AUDIT_DIR: join(tmpdir(), "a3s-box-test-audit") },
    // .wasm files go through the plugin above instead of Node's loader.
    server: { deps: { inline: [/\.wasm$/] } },
    projects: [
      {
        extends: true,
        test: { name: "main", include: ["**/*.test.ts", "**/*.test.tsx"], exclude: [...EXCLUDE, ...VM_TESTS], sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: "vm", include: VM_TESTS, exclude: EXCLUDE, sequence: { groupOrder: 1 } } },
    ],
  },
});
