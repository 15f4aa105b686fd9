import { defineConfig } from "vitest/config";

/** Tests that boot real VMs under software emulation: they take the CPUs, so they run last. */
const VM_TESTS = ["test/vm-*.test.ts", "test/guest-image.test.ts", "test/image/box-image.test.ts", "test/e2e/ui-vm.e2e.test.ts"];
const EXCLUDE = ["node_modules/**", "dist/**", "out/**"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's default of 1 s is too short for a loaded 2-core CI machine.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: { name: "main", include: ["**/*.test.ts", "**/*.test.tsx"], exclude: [...EXCLUDE, ...VM_TESTS], sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: "vm", include: VM_TESTS, exclude: EXCLUDE, sequence: { groupOrder: 1 } } },
    ],
  },
});
