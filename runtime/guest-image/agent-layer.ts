import { chmod, copyFile, cp, mkdir, readdir, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { buildOnce, hashFile, hashInputs } from "./cache";
import { run } from "./exec";

export interface AgentLayerArtifact {
  dir: string;
  key: string;
}

/**
 * The agent layer, mounted read-only at /opt/a3s in every box: a Node runtime (this host's
 * node and the shared libraries ldd lists, with their own loader, so it runs on any rootfs)
 * the bundled agent, and the built-in skills (at /opt/a3s/skills). `bin/a3s-node` runs that
 * Node from any program (A3S_NODE in the agent's environment names it).
 */
export async function buildAgentLayer(cacheDir: string, inputs: { node: string; agent: string; skills: string }): Promise<AgentLayerArtifact> {
  if (process.platform !== "linux") throw new Error(`the agent layer is built from this host's Node on Linux only, not ${process.platform}`);
  const libs = await sharedLibraries(inputs.node);
  const skillFiles = await filesUnder(inputs.skills);
  const hashes = await Promise.all([inputs.node, inputs.agent, ...libs, ...skillFiles].map((file) => hashFile(file)));
  const skillNames = skillFiles.map((file) => relative(inputs.skills, file));
  const loader = basename(libs.find((lib) => basename(lib).startsWith("ld-linux"))!);
  const key = hashInputs("agent-layer/3", process.arch, ...libs.map((lib) => basename(lib)), ...skillNames, ...hashes);
  const dir = join(cacheDir, `agent-${key}`);
  await buildOnce(dir, async (tmp) => {
    await mkdir(join(tmp, "bin"), { recursive: true });
    await mkdir(join(tmp, "lib"));
    await copyFile(inputs.node, join(tmp, "bin/node"));
    await chmod(join(tmp, "bin/node"), 0o755);
    for (const lib of libs) await copyFile(lib, join(tmp, "lib", basename(lib)));
    // Node for child programs (skills' scripts): the binary runs only through its own loader.
    await writeFile(join(tmp, "bin/a3s-node"), `#!/bin/sh\nexec /opt/a3s/lib/${loader} --library-path /opt/a3s/lib /opt/a3s/bin/node "$@"\n`, { mode: 0o755 });
    await copyFile(inputs.agent, join(tmp, "agent.cjs"));
    await cp(inputs.skills, join(tmp, "skills"), { recursive: true });
  });
  return { dir, key };
}

/** The libraries `ldd` lists for a program, the dynamic loader included (named as ldd names them). */
async function sharedLibraries(program: string): Promise<string[]> {
  const out = await run("ldd", [program]);
  const libs: string[] = [];
  for (const line of out.split("\n")) {
    const linked = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (linked) libs.push(linked[1]!);
  }
  if (!libs.some((lib) => basename(lib).startsWith("ld-linux"))) {
    throw new Error(`${program} is not a dynamically linked glibc program that ldd understands`);
  }
  return libs;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}
