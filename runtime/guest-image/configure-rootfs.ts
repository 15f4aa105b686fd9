import { lstat, readdir, readFile, symlink, writeFile, mkdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/**
 * The `update-alternatives` links that the unpacked packages' maintainer scripts would have
 * made (link → target, both under /usr/bin); each is made only when its target was unpacked.
 * The first target present wins, as the highest priority would.
 */
const ALTERNATIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["awk", ["gawk", "mawk"]],
  ["nawk", ["gawk", "mawk"]],
  ["cc", ["gcc"]],
  ["c++", ["g++"]],
  ["c89", ["c89-gcc"]],
  ["c99", ["c99-gcc"]],
  ["which", ["which.debianutils"]],
  ["nc", ["nc.openbsd"]],
  ["netcat", ["nc.openbsd"]],
  ["pager", ["less"]],
  ["lzma", ["xz"]],
  ["unlzma", ["unxz"]],
  ["lzcat", ["xzcat"]],
];

/**
 * Makes in `root` what `dpkg --configure` would have made for the packages unpacked there,
 * deterministically (the same packages give the same files): the alternatives links and the
 * CA bundle (every certificate ca-certificates ships, as update-ca-certificates would trust
 * them), which OpenSSL also finds as its default CA file.
 */
export async function configureRootfs(root: string): Promise<void> {
  for (const [link, targets] of ALTERNATIVES) {
    const path = join(root, "usr/bin", link);
    if (await exists(path)) continue;
    for (const target of targets) {
      if (!(await exists(join(root, "usr/bin", target)))) continue;
      await symlink(target, path);
      break;
    }
  }
  const certs = join(root, "usr/share/ca-certificates");
  if (await exists(certs)) {
    const files = (await listFiles(certs)).filter((f) => f.endsWith(".crt")).sort();
    const pems = await Promise.all(files.map((f) => readFile(f, "utf8")));
    const bundle = join(root, "etc/ssl/certs/ca-certificates.crt");
    await mkdir(dirname(bundle), { recursive: true });
    await writeFile(bundle, pems.map((pem) => (pem.endsWith("\n") ? pem : `${pem}\n`)).join(""));
    const openssl = join(root, "usr/lib/ssl/cert.pem");
    await mkdir(dirname(openssl), { recursive: true });
    if (!(await exists(openssl))) await symlink(relative(dirname(openssl), bundle), openssl);
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}
