// Builds the libkrun addon (native/) with node-gyp; run by npm at install and by
// `npm run build:native`. libkrun itself is not needed to build (the addon dlopens it at run
// time). When no C++ toolchain is present the package still installs: the krun backend then
// reports that its addon is missing, and the QEMU backend works as before.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const strict = process.argv.includes("--strict");
// npm puts its bundled node-gyp on PATH for scripts; npm_config_node_gyp names it directly.
const nodeGyp = process.env.npm_config_node_gyp;
const gypArgs = ["rebuild", "--directory", "native"];
// Use the headers installed beside this Node when there are any, so that building needs no
// download (node-gyp otherwise fetches them from nodejs.org).
const prefix = dirname(dirname(realpathSync(process.execPath)));
if (!process.env.npm_config_nodedir && existsSync(join(prefix, "include/node/common.gypi"))) {
  gypArgs.push(`--nodedir=${prefix}`);
}
const [command, args] = nodeGyp ? [process.execPath, [nodeGyp, ...gypArgs]] : ["node-gyp", gypArgs];

const result = spawnSync(command, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" && !nodeGyp });
if (result.status !== 0) {
  const why = result.error ? result.error.message : `node-gyp exited with ${result.status ?? result.signal}`;
  console.warn(
    `a3s-box: the libkrun addon was not built (${why}). The krun backend is unavailable until ` +
      "it is (install a C++ toolchain and python3, then run `npm rebuild @a3s-lab/box`); the QEMU backend works without it.",
  );
  process.exit(strict ? 1 : 0);
}
