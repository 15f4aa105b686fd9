import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";

export default defineConfig({
  main: {
    build: {
      outDir: "out/main",
      rollupOptions: { input: { main: resolve("src-main/main.ts") } },
    },
  },
  preload: {
    // A sandboxed preload must be a single CommonJS file.
    build: {
      outDir: "out/preload",
      rollupOptions: {
        input: { preload: resolve("src-preload/preload.ts") },
        output: { format: "cjs", entryFileNames: "[name].cjs" },
      },
    },
  },
  renderer: {
    root: "src-renderer",
    plugins: [react()],
    build: {
      outDir: "out/renderer",
      // Monaco is bundled locally (no CDN), so the main chunk is large by design.
      chunkSizeWarningLimit: 6000,
      minify: true,
      rollupOptions: { input: { index: resolve("src-renderer/index.html") } },
    },
  },
});
