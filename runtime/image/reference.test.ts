import { describe, expect, it } from "vitest";
import { formatReference, isLocalhost, parseReference, registryHost } from "./reference";
import { parsePlatform, selectManifest } from "./platform";

describe("image references", () => {
  it.each([
    ["alpine", "docker.io/library/alpine:latest"],
    ["alpine:3.20", "docker.io/library/alpine:3.20"],
    ["user/app", "docker.io/user/app:latest"],
    ["localhost:5000/team/app:v1", "localhost:5000/team/app:v1"],
    ["ghcr.io/org/app", "ghcr.io/org/app:latest"],
    [`127.0.0.1:5000/a@sha256:${"a".repeat(64)}`, `127.0.0.1:5000/a@sha256:${"a".repeat(64)}`],
  ])("normalises %s", (input, expected) => {
    expect(formatReference(parseReference(input))).toBe(expected);
  });

  it.each(["", "UPPER/case", "a/b:bad tag", "x@sha256:short", "host:5000/"])("rejects %j with a clear message", (input) => {
    expect(() => parseReference(input)).toThrow(/invalid image reference/);
  });

  it("maps Docker Hub to its API host and knows localhost", () => {
    expect(registryHost("docker.io")).toBe("registry-1.docker.io");
    expect(isLocalhost("localhost:5000")).toBe(true);
    expect(isLocalhost("127.0.0.1:8080")).toBe(true);
    expect(isLocalhost("example.com")).toBe(false);
  });
});

describe("platform selection", () => {
  const entry = (architecture: string, variant?: string) => ({
    mediaType: "m", digest: `sha256:${architecture[0]!.repeat(64)}`.slice(0, 71), size: 1,
    platform: { os: "linux", architecture, ...(variant ? { variant } : {}) },
  });
  it("picks the matching entry and treats arm64 as v8", () => {
    const list = [entry("amd64"), entry("arm64", "v8"), entry("arm", "v7")];
    expect(selectManifest(list, parsePlatform("linux/amd64"))).toBe(list[0]);
    expect(selectManifest(list, parsePlatform("linux/arm64"))).toBe(list[1]);
    expect(selectManifest(list, parsePlatform("linux/arm/v7"))).toBe(list[2]);
    expect(() => selectManifest(list, parsePlatform("linux/s390x"))).toThrow(/offers: linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7/);
    expect(() => parsePlatform("amd64")).toThrow(/os\/architecture/);
  });
});
