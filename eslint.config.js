import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import layers from "./scripts/eslint-layers.js";

export default tseslint.config(
  { ignores: ["dist/", "out/", "node_modules/", "common/generated/", "native/build/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { layers },
    rules: {
      "layers/imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["src-renderer/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
);
