import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pipe, run } from "./exec";
import { DEBIAN_ARCH, type GuestArch } from "./guest-arch";

/**
 * apt as if nothing were installed: the guest starts empty, and what this host has installed
 * (a NodeSource `nodejs`, say) may come from a repository that is not reachable.
 */
export const APT_EMPTY_SYSTEM = ["-o", "Dir::State::status=/dev/null"];

export interface DebPackage {
  name: string;
  version: string;
}

/** The versions apt would install now, e.g. for cache keys; fails on unknown packages. */
export async function candidateVersions(names: readonly string[], apt: readonly string[] = []): Promise<DebPackage[]> {
  const out = await run("apt-cache", [...APT_EMPTY_SYSTEM, ...apt, "policy", ...names]);
  const versions = new Map<string, string>();
  let current: string | undefined;
  for (const line of out.split("\n")) {
    const header = /^(\S+):$/.exec(line);
    if (header) current = header[1];
    const candidate = /^\s+Candidate: (\S+)/.exec(line);
    if (current && candidate && candidate[1] !== "(none)") versions.set(current, candidate[1]!);
  }
  return names.map((name) => {
    const version = versions.get(name);
    if (!version) throw new Error(`apt knows no installable package "${name}" (run \`apt-get update\`?)`);
    return { name, version };
  });
}

/**
 * The packages needed to unpack `roots` into an empty root filesystem: the closure over
 * Depends and Pre-Depends, taking the first alternative of each or-group and the first
 * provider of a virtual package (as apt would on an empty system).
 */
export async function dependencyClosure(roots: readonly string[], apt: readonly string[] = []): Promise<string[]> {
  const seen = new Set<string>();
  let frontier = [...new Set(roots)];
  while (frontier.length > 0) {
    for (const name of frontier) seen.add(name);
    const out = await run("apt-cache", [
      ...APT_EMPTY_SYSTEM,
      ...apt,
      "depends", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances",
      ...frontier,
    ]);
    const next = new Set<string>();
    const lines = out.split("\n");
    let inAlternatives = false;
    for (let i = 0; i < lines.length; i++) {
      const dep = /^\s+(\|)?(?:Pre)?Depends: (\S+)/.exec(lines[i]!);
      if (!dep) {
        if (/^\S/.test(lines[i]!)) inAlternatives = false;
        continue;
      }
      // ` |Depends: a` then `  Depends: b` is the or-group "a | b": take a, skip b.
      const skip = inAlternatives;
      inAlternatives = dep[1] === "|";
      if (skip) continue;
      let target = dep[2]!;
      if (target.startsWith("<")) {
        // A virtual package: its providers follow, indented deeper.
        const provider = /^\s{4,}(\S+)/.exec(lines[i + 1] ?? "");
        if (!provider) continue;
        target = provider[1]!;
      }
      target = target.replace(/:any$/, "");
      if (!seen.has(target)) next.add(target);
    }
    frontier = [...next];
  }
  return [...seen].sort();
}

/** Downloads the .deb files of `names` (exact versions when given) into `dir`. */
export async function downloadDebs(packages: readonly (string | DebPackage)[], dir: string, apt: readonly string[] = []): Promise<string[]> {
  const specs = packages.map((p) => (typeof p === "string" ? p : `${p.name}=${p.version}`));
  await run("apt-get", [...APT_EMPTY_SYSTEM, ...apt, "download", "-q", ...specs], { cwd: dir });
  return (await readdir(dir)).filter((f) => f.endsWith(".deb")).map((f) => join(dir, f));
}

/** Unpacks a .deb's files into `root`, keeping merged-/usr symlinks (/bin → usr/bin). */
export function unpackDeb(deb: string, root: string): Promise<void> {
  return pipe(["dpkg-deb", ["--fsys-tarfile", deb]], ["tar", ["-x", "--keep-directory-symlink", "--no-same-owner", "-C", root]]);
}

/** The cache entry holding the private package lists of a foreign `arch` (see aptFor). */
export function aptDirName(arch: GuestArch): string {
  return `apt-${DEBIAN_ARCH[arch].name}`;
}

/**
 * apt's options for the packages of `arch`: none for the host's own architecture; for
 * another, private package lists in the cache (fetched from the host's sources on first use
 * and after the host's lists change), so foreign .debs are plain downloads and the host's
 * dpkg configuration stays untouched.
 */
export async function aptFor(cacheDir: string, arch: GuestArch): Promise<readonly string[]> {
  const debian = DEBIAN_ARCH[arch].name;
  if ((await run("dpkg", ["--print-architecture"])).trim() === debian) return [];
  const dir = join(cacheDir, aptDirName(arch));
  const options = [
    "-o", `APT::Architecture=${debian}`, "-o", `APT::Architectures=${debian}`,
    "-o", `Dir::State::Lists=${join(dir, "lists")}`, "-o", `Dir::State::status=${join(dir, "status")}`,
    "-o", `Dir::Cache=${join(dir, "cache")}`,
  ];
  const hostLists = await stat("/var/lib/apt/lists").then((s) => s.mtimeMs, () => 0);
  const ours = await stat(join(dir, "updated")).then((s) => s.mtimeMs, () => -1);
  if (ours < hostLists) {
    await mkdir(join(dir, "lists/partial"), { recursive: true });
    await mkdir(join(dir, "cache/archives/partial"), { recursive: true });
    await writeFile(join(dir, "status"), "");
    await run("apt-get", [...options, "update", "-q"]);
    await writeFile(join(dir, "updated"), "");
  }
  return options;
}
