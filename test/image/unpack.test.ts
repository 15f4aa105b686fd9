// Layers unpacked for real onto a temp folder: formats, modes, links, whiteouts, and
// hostile archives that try to write outside the target.
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { unpackLayer } from "../../runtime/image/unpack";
import { compress, tarLayer, type Compression, type TarEntry } from "../support/oci-builder";

let work: string;
let root: string;
let outside: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "a3s-unpack-"));
  root = join(work, "rootfs");
  outside = join(work, "outside");
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, "secret"), "host secret");
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

async function apply(entries: TarEntry[], compression: Compression = "gzip"): Promise<string[]> {
  const path = join(work, "layers", `${Math.random()}`);
  mkdirSync(join(work, "layers"), { recursive: true });
  writeFileSync(path, compress(tarLayer(entries), compression));
  const warnings: string[] = [];
  await unpackLayer(path, root, { onWarning: (w) => warnings.push(w) });
  return warnings;
}

const read = (rel: string) => readFileSync(join(root, rel), "utf8");
const mode = (rel: string) => lstatSync(join(root, rel)).mode & 0o7777;

describe("unpackLayer", () => {
  it.each(["gzip", "zstd", "none"] as const)("unpacks a %s layer with modes, symlinks and hard links", async (compression) => {
    await apply([
      { path: "bin/", type: "Directory", mode: 0o755 },
      { path: "bin/tool", data: "#!/bin/sh\necho hi\n", mode: 0o755 },
      { path: "bin/suid", data: "x", mode: 0o4755 },
      { path: "etc/", type: "Directory", mode: 0o755 },
      { path: "etc/shadow", data: "root:*:", mode: 0o600 },
      { path: "etc/group-writable", data: "g", mode: 0o664 },
      { path: "root/", type: "Directory", mode: 0o700 },
      { path: "proc/", type: "Directory", mode: 0o555 },
      { path: "usr/bin/", type: "Directory" },
      { path: "usr/bin/tool2", type: "Link", linkpath: "bin/tool" },
      { path: "usr/bin/sh", type: "SymbolicLink", linkpath: "../../bin/tool" },
      { path: "etc/localtime", type: "SymbolicLink", linkpath: "/usr/share/zoneinfo/UTC" },
    ], compression);
    expect(read("bin/tool")).toBe("#!/bin/sh\necho hi\n");
    expect(mode("bin/tool")).toBe(0o755);
    expect(mode("bin/suid")).toBe(0o755); // set-id bits are not kept on the host
    expect(mode("etc/shadow")).toBe(0o600);
    expect(mode("etc/group-writable")).toBe(0o664);
    expect(mode("root")).toBe(0o700);
    expect(mode("proc")).toBe(0o555);
    expect(statSync(join(root, "usr/bin/tool2")).ino).toBe(statSync(join(root, "bin/tool")).ino);
    expect(readlinkSync(join(root, "usr/bin/sh"))).toBe("../../bin/tool");
    // an absolute target becomes the same path relative to the root
    expect(readlinkSync(join(root, "etc/localtime"))).toBe("../usr/share/zoneinfo/UTC");
    expect(lstatSync(join(root, "bin/tool")).mtime.toISOString()).toBe("2024-01-02T03:04:05.000Z");
  });

  it("applies whiteouts and opaque folders to lower layers only", async () => {
    await apply([
      { path: "a/x", data: "x" }, { path: "a/y", data: "y" },
      { path: "b/z", data: "z" },
      { path: "c/old", data: "old" }, { path: "c/sub/deep", data: "deep" },
      { path: "d/keep", data: "k" },
    ]);
    await apply([
      { path: "a/.wh.x" },
      { path: ".wh.b" },
      { path: "c/new", data: "new" },
      { path: "c/.wh..wh..opq" },
      { path: "d/.wh.missing" },
    ]);
    expect(readdirSync(join(root, "a"))).toEqual(["y"]);
    expect(existsSync(join(root, "b"))).toBe(false);
    expect(readdirSync(join(root, "c"))).toEqual(["new"]);
    expect(readdirSync(join(root, "d"))).toEqual(["keep"]);
  });

  it("replaces files, folders and symlinks with one another across layers", async () => {
    await apply([{ path: "p", data: "file" }, { path: "q/inner", data: "i" }, { path: "r/inner", data: "i" }]);
    await apply([{ path: "p/", type: "Directory" }, { path: "p/child", data: "c" }, { path: "q", type: "SymbolicLink", linkpath: "p" }, { path: "r", data: "now a file" }]);
    expect(read("p/child")).toBe("c");
    expect(lstatSync(join(root, "q")).isSymbolicLink()).toBe(true);
    expect(read("r")).toBe("now a file");
  });

  it("writes nothing outside the target whatever the layer says", async () => {
    const before = snapshot(work);
    const warnings = await apply([
      { path: "../outside/pwned", data: "escaped" },
      { path: "../../../../../../../tmp/a3s-pwned", data: "escaped" },
      { path: "/abs-file", data: "inside" },
      { path: "evil", type: "SymbolicLink", linkpath: outside },
      { path: "evil/pwned", data: "through absolute symlink" },
      { path: "evil/secret", data: "overwritten" },
      { path: "rel-evil", type: "SymbolicLink", linkpath: "../../../../../../../../" + outside.slice(1) },
      { path: "rel-evil/pwned", data: "through relative symlink" },
      { path: "hl-out", type: "Link", linkpath: "../outside/secret" },
      { path: "hl-abs", type: "Link", linkpath: join(outside, "secret") },
      { path: "hl-through", type: "Link", linkpath: "evil/secret" },
      { path: "evil/.wh.secret" },
      { path: "evil/.wh..wh..opq" },
      { path: "evil/sub/", type: "Directory" },
      { path: "ok", data: "fine" },
      { path: ".wh..." },
      { path: ".wh.." },
      { path: "sub/.wh..." },
    ]);
    // a second layer keeps trying through what the first one left
    await apply([
      { path: "evil/secret", data: "layer 2" },
      { path: "hl-through", data: "layer 2" },
      { path: "rel-evil/.wh.secret" },
    ]);
    expect(readFileSync(join(outside, "secret"), "utf8")).toBe("host secret");
    expect(readdirSync(outside)).toEqual(["secret"]);
    expect(existsSync("/tmp/a3s-pwned")).toBe(false);
    const outsideRoot = (p: string) => !p.startsWith("rootfs") && !p.startsWith("layers");
    expect(snapshot(work).filter(outsideRoot)).toEqual(before.filter(outsideRoot));
    expect(read("abs-file")).toBe("inside");
    expect(read("ok")).toBe("fine");
    // the symlinks exist, but point inside the root
    for (const link of ["evil", "rel-evil"]) {
      const target = readlinkSync(join(root, link));
      expect(target.startsWith("/")).toBe(false);
      expect(resolve(root, target).startsWith(`${root}/`)).toBe(true);
    }
    expect(existsSync(join(root, "hl-out"))).toBe(false);
    expect(warnings.length).toBeGreaterThanOrEqual(4);
  });

  it("makes no device node or FIFO on the host, and unpacks the rest", async () => {
    const warnings = await apply([
      { path: "dev/", type: "Directory" },
      { path: "dev/kmem", type: "CharacterDevice", devmaj: 1, devmin: 2, mode: 0o666 },
      { path: "dev/sda", type: "BlockDevice", devmaj: 8, devmin: 0, mode: 0o666 },
      { path: "dev/pipe", type: "FIFO", mode: 0o666 },
      { path: "etc/after", data: "kept" },
    ]);
    for (const rel of ["dev/kmem", "dev/sda", "dev/pipe"]) expect(existsSync(join(root, rel)), rel).toBe(false);
    expect(readdirSync(join(root, "dev"))).toEqual([]);
    expect(read("etc/after")).toBe("kept");
    expect(warnings).toEqual(["CharacterDevice", "BlockDevice", "FIFO"].map((type) => `TAR_ENTRY_UNSUPPORTED: unsupported entry type: ${type}`));
  });

  it("rejects a truncated layer with a clear error", async () => {
    const path = join(work, "broken");
    writeFileSync(path, compress(tarLayer([{ path: "f", data: "x".repeat(5000) }]), "gzip").subarray(0, 60));
    await expect(unpackLayer(path, root)).rejects.toThrow(/cannot unpack layer/);
  });
});

function snapshot(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix + name;
    const st = lstatSync(join(dir, name));
    out.push(`${rel}:${st.isDirectory() ? "d" : st.isSymbolicLink() ? "l" : st.size}`);
    if (st.isDirectory() && rel !== "rootfs") out.push(...snapshot(join(dir, name), `${rel}/`));
  }
  return out;
}
