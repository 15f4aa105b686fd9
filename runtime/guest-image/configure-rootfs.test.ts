import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync, existsSync, lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { configureRootfs } from "./configure-rootfs";

const root = mkdtempSync(join(tmpdir(), "configure-rootfs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const file = (path: string, content = "") => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), content);
};

it("makes the alternatives links whose targets were unpacked, and the CA bundle OpenSSL reads by default", async () => {
  for (const tool of ["gawk", "mawk", "gcc", "less", "xz"]) file(`usr/bin/${tool}`);
  file("usr/bin/pager", "already there");
  file("usr/share/ca-certificates/mozilla/B.crt", "-----B-----");
  file("usr/share/ca-certificates/mozilla/A.crt", "-----A-----\n");
  await configureRootfs(root);
  expect(readlinkSync(join(root, "usr/bin/awk"))).toBe("gawk");
  expect(readlinkSync(join(root, "usr/bin/cc"))).toBe("gcc");
  expect(readlinkSync(join(root, "usr/bin/lzma"))).toBe("xz");
  expect(lstatSync(join(root, "usr/bin/pager")).isFile()).toBe(true);
  expect(existsSync(join(root, "usr/bin/c++"))).toBe(false);
  expect(readFileSync(join(root, "etc/ssl/certs/ca-certificates.crt"), "utf8")).toBe("-----A-----\n-----B-----\n");
  expect(readlinkSync(join(root, "usr/lib/ssl/cert.pem"))).toBe("../../../etc/ssl/certs/ca-certificates.crt");
  expect(readFileSync(join(root, "usr/lib/ssl/cert.pem"), "utf8")).toContain("-----A-----");
});
