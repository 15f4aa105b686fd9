// `npm start` runs this first: without Electron's binary, say so in one line with the fix
// (electron-vite's own message, "Electron uninstall", names neither the cause nor the cure).
// The electron package records its binary in path.txt once its install script downloaded it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const electron = join(dirname(fileURLToPath(import.meta.url)), "../node_modules/electron");
const pathFile = join(electron, "path.txt");
if (!existsSync(pathFile) || !existsSync(join(electron, "dist", readFileSync(pathFile, "utf8")))) {
  const skipped = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? " (ELECTRON_SKIP_BINARY_DOWNLOAD is set)" : "";
  console.error(
    `A3S Box: Electron's binary is not installed${skipped}; fix: env -u ELECTRON_SKIP_BINARY_DOWNLOAD node node_modules/electron/install.js (on a machine that can download it), then npm start`,
  );
  process.exit(1);
}
