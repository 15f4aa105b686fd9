import { describe, expect, it } from "vitest";
import { guestBuildLine, parseGuestBuildLine, type GuestBuildEvent } from "./guest-build";

const artifacts = { arch: "x86_64", kernel: "/c/k", kernelRelease: "6.1", initramfs: "/c/i", floorInitramfs: "/c/f", agentLayer: "/c/a", agentImage: "/c/a.img" } as const;

describe("the guest builder's event stream", () => {
  it("reads back every event the builder writes", () => {
    const events: GuestBuildEvent[] = [
      { event: "progress", message: "resolving" },
      { event: "progress", message: "kernel", fraction: 0.25 },
      { event: "done", artifacts: { ...artifacts, rootfs: "/c/r" } },
      { event: "done", artifacts },
      { event: "missing", message: "kernel" },
      { event: "error", message: "apt failed" },
    ];
    for (const event of events) {
      const line = guestBuildLine(event);
      expect(line.endsWith("\n")).toBe(true);
      expect(line.trim()).not.toContain("\n");
      expect(parseGuestBuildLine(line.trim())).toEqual(event);
    }
  });

  it("takes neither stray output nor a malformed event for an event", () => {
    for (const line of [
      "apt: warning",
      "42",
      "null",
      '{"event":"progress"}',
      '{"event":"progress","message":"x","fraction":2}',
      '{"event":"progress","message":"x","fraction":"half"}',
      '{"event":"launch","message":"x"}',
      '{"event":"done"}',
      `{"event":"done","artifacts":${JSON.stringify({ ...artifacts, arch: "mips" })}}`,
      `{"event":"done","artifacts":${JSON.stringify({ ...artifacts, kernel: "" })}}`,
      `{"event":"done","artifacts":${JSON.stringify({ ...artifacts, rootfs: 7 })}}`,
    ]) {
      expect(parseGuestBuildLine(line), line).toBeUndefined();
    }
  });
});
