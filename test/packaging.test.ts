// The packaged app carries what the runtime opens: electron-builder packs this project (with
// a stand-in for Electron's binary, which cannot be downloaded here), and @electron/asar
// lists the archive without running Electron. Needs `npm run build` first.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { listPackage } from "@electron/asar";
import { afterAll, beforeAll, expect, it } from "vitest";
import { packageRoot, UNPACKED_PATHS } from "../runtime/paths";
import { tempDir } from "./helpers/agent-process";

const work = tempDir("a3s-packaging-");
let resources: string;
let inAsar: Set<string>;
afterAll(() => work.remove());

beforeAll(async () => {
  const electronDist = join(work.path, "electron-dist");
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, "electron"), "#!/bin/sh\nexit 1\n");
  chmodSync(join(electronDist, "electron"), 0o755);
  const { version } = JSON.parse(readFileSync(join(packageRoot, "node_modules/electron/package.json"), "utf8")) as { version: string };
  await promisify(execFile)(
    join(packageRoot, "node_modules/.bin/electron-builder"),
    ["--linux", "dir", "--x64", `-c.electronDist=${electronDist}`, `-c.electronVersion=${version}`, `-c.directories.output=${join(work.path, "release")}`],
    { cwd: packageRoot, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: "1" }, timeout: 600_000 },
  );
  resources = join(work.path, "release/linux-unpacked/resources");
  inAsar = new Set(listPackage(join(resources, "app.asar"), { isPack: false }).map((entry) => entry.replace(/^[/\\]/, "")));
}, 660_000);

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();

it("unpacks every file the runtime hands to another program (VM shares, busybox, child Node, dlopen)", () => {
  const unpacked = join(resources, "app.asar.unpacked");
  for (const path of UNPACKED_PATHS) {
    const inPackage = relative(packageRoot, path);
    const packed = join(unpacked, inPackage);
    expect(existsSync(packed), `${inPackage} is not unpacked`).toBe(true);
    if (statSync(path).isDirectory()) expect(filesUnder(packed)).toEqual(filesUnder(path));
    else expect(statSync(packed).size).toBe(statSync(path).size);
  }
});

it("keeps the package root, the UI and the main process's dependencies in the archive", () => {
  for (const file of ["package.json", "proto/agent.proto", "out/main/main.js", "out/renderer/index.html"]) expect(inAsar.has(file), file).toBe(true);
  expect([...inAsar].some((file) => file.startsWith("out/preload/"))).toBe(true);
  expect([...inAsar].filter((file) => file.endsWith(".map"))).toEqual([]);
  // Every package the main bundle imports at run time is in the archive's node_modules.
  const main = readdirSync(join(packageRoot, "out/main")).filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(packageRoot, "out/main", f), "utf8")).join("\n");
  const imported = new Set([...main.matchAll(/(?:from |import\(|require\()\s*["']([^."'/][^"']*)["']/g)].map((m) => m[1]!));
  const packages = [...imported]
    .filter((spec) => !spec.startsWith("node:") && !builtinModules.includes(spec) && spec !== "electron")
    .map((spec) => spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/"));
  expect(packages.length).toBeGreaterThan(0);
  for (const name of new Set(packages)) expect(inAsar.has(`node_modules/${name}/package.json`), name).toBe(true);
});
