// `a3s-box doctor` on this machine (after the guest build of the VM group): it says why
// KVM is not used and that TCG is, checks backends, guest artifacts and providers, and
// exits non-zero only when a box cannot start.
import { execFile } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureGuestArtifacts, guestCacheDir } from "../runtime/vm/guest-artifacts";
import { tempDir } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { childEnv } from "./helpers/child-env";

const cli = join(import.meta.dirname, "../dist/cli/main.js");
const base = childEnv();
let models: ModelServer;
beforeAll(async () => {
  await ensureGuestArtifacts();
  models = await ModelServer.start();
}, 20 * 60_000);
afterAll(() => models?.stop());

type Line = { check: string; status: string; detail: string; fix?: string };

async function doctor(env: Record<string, string>): Promise<{ code: number; lines: Line[]; text: string }> {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, [cli, "doctor", ...args], { env: { ...base, ...env }, timeout: 300_000 }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
  const [json, text] = await Promise.all([run(["--json"]), run([])]);
  expect(text.code).toBe(json.code);
  return { code: json.code, lines: (JSON.parse(json.stdout) as { lines: never[] }).lines, text: text.stdout };
}

const line = (lines: Line[], check: string) => lines.find((l) => l.check === check);

it("explains that KVM is not usable here and TCG is used, and that a box can start", async () => {
  const openai = models.env()["OPENAI_BASE_URL"]!;
  const report = await doctor({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: openai, ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: "http://127.0.0.1:1" });
  expect(report.code).toBe(0);
  expect(line(report.lines, "platform")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^linux x64 /) });
  const accel = line(report.lines, "accelerator")!;
  expect(accel.status).toBe("warn");
  // This machine has no usable KVM: either /dev/kvm is absent, or it exists and the boot probe fails.
  expect(accel.detail).toMatch(/^TCG \(software emulation.*\/dev\/kvm (does not exist|exists but a VM did not boot with KVM)/);
  expect(accel.fix).toBeTruthy();
  expect(line(report.lines, "backend qemu")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^QEMU emulator version/) });
  expect(line(report.lines, "backend krun")).toMatchObject({ status: "info", fix: expect.stringContaining("libkrun") });
  expect(line(report.lines, "backend choice")).toMatchObject({ status: "info", detail: "a box gets qemu unless told otherwise: libkrun cannot be used: libkrun is not installed or cannot be opened" });
  expect(line(report.lines, "guest artifacts")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^boxes boot the guest built for x86_64 in .*: kernel \/.*vmlinux/) });
  expect(line(report.lines, "provider openai")).toMatchObject({ status: "ok", detail: expect.stringMatching(/key set \(OPENAI_API_KEY\); http:\/\/127\.0\.0\.1:\d+ answers/) });
  expect(line(report.lines, "provider anthropic")).toMatchObject({ status: "warn", detail: expect.stringContaining("http://127.0.0.1:1 unreachable") });
  expect(report.text).toContain("A box can start here.");
}, 300_000);

it("exits non-zero, with the fix, when no backend can run a VM; and says when the guest is not built", async () => {
  const cache = tempDir("a3s-doctor-cache-");
  // The package versions apt resolved for the real cache (resolving anew takes minutes here).
  cpSync(join(guestCacheDir(), "resolved"), join(cache.path, "resolved"), { recursive: true });
  try {
    const report = await doctor({ A3S_QEMU: "/nonexistent/qemu-system-x86_64", A3S_BOX_CACHE: cache.path });
    expect(report.code).toBe(1);
    expect(line(report.lines, "backends")).toMatchObject({ status: "fail", fix: expect.stringContaining("apt-get install qemu-system-x86") });
    expect(line(report.lines, "guest artifacts")).toMatchObject({ status: "warn", fix: expect.stringMatching(/^a3s-box guest build, or pull a prebuilt guest/) });
    expect(line(report.lines, "accelerator")!.detail).toMatch(/^not probed/);
    expect(line(report.lines, "providers")).toMatchObject({ status: "warn" });
    expect(report.text).toMatch(/^fail +backends +neither QEMU nor libkrun can run VMs here\n +fix: /m);
  } finally {
    cache.remove();
  }
}, 300_000);
