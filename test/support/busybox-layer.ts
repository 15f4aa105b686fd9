import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { TarEntry } from "./oci-builder";

/** An image layer: busybox (Debian's static build) with every applet linked, and `bash` as its shell. */
export function busyboxLayer(): TarEntry[] {
  const applets = execFileSync("/bin/busybox", ["--list"], { encoding: "utf8" }).split("\n").filter((a) => a && a !== "busybox");
  return [
    { path: "bin/", type: "Directory" },
    { path: "bin/busybox", data: readFileSync("/bin/busybox"), mode: 0o755 },
    { path: "bin/bash", data: '#!/bin/busybox sh\nexec /bin/busybox sh "$@"\n', mode: 0o755 },
    ...applets.map((a): TarEntry => ({ path: `bin/${a}`, type: "SymbolicLink", linkpath: "/bin/busybox" })),
    { path: "etc/", type: "Directory" },
    { path: "etc/passwd", data: "root:x:0:0:root:/root:/bin/sh\n" },
  ];
}
