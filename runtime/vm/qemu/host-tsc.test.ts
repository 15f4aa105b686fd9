import { expect, it } from "vitest";
import { parseHostTscKhz } from "./host-tsc";

const cpuinfo = (fields: Record<string, string>) =>
  `processor\t: 0\n${Object.entries(fields).map(([k, v]) => `${k}\t: ${v}`).join("\n")}\n\nprocessor\t: 1\ncpu MHz\t: 999.000\n`;

it("takes the sysfs TSC rate first", () => {
  expect(parseHostTscKhz({ sysfsKhz: "2596000\n", cpuinfo: cpuinfo({ "cpu MHz": "1200.000" }) })).toBe(2_596_000);
});

it("takes the first CPU's \"cpu MHz\" where it is the TSC rate (no APERF/MPERF: e.g. a VM host)", () => {
  expect(parseHostTscKhz({ cpuinfo: cpuinfo({ "model name": "AMD EPYC", "cpu MHz": "2095.992", flags: "fpu tsc constant_tsc hypervisor" }) })).toBe(2_095_992);
});

it("takes Intel's brand string where \"cpu MHz\" is the current core frequency", () => {
  const info = cpuinfo({ "model name": "Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz", "cpu MHz": "3199.912", flags: "tsc constant_tsc aperfmperf" });
  expect(parseHostTscKhz({ cpuinfo: info })).toBe(2_600_000);
});

it("knows nothing without a source", () => {
  expect(parseHostTscKhz({})).toBeUndefined();
});

