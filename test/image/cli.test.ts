// `a3s-box image …` as users run it: the built CLI against a real local registry, with the
// store in a temp folder (A3S_BOX_IMAGE_STORE), never the user's cache. Each step starts
// a Node process, hence the generous timeouts on a loaded 2-core CI machine.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildImage, writeOciLayout } from "../support/oci-builder";
import { TestRegistry } from "../support/registry";

const cli = join(import.meta.dirname, "../../dist/cli/main.js");
let registry: TestRegistry;
let work: string;
const image = buildImage({ layers: [[{ path: "hello.txt", data: "hi" }]], config: { Cmd: ["/bin/sh"] } });

function a3s(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, A3S_BOX_IMAGE_STORE: join(work, "store") } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** stderr's lines, each one JSON object. */
const logLines = (stderr: string) => stderr.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "a3s-cli-image-"));
  registry = await TestRegistry.start();
  await registry.pushImage("demo/hello", "1.0", image);
});

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

it("pulls, lists, inspects, removes and prunes", async () => {
  const ref = `${registry.host}/demo/hello:1.0`;
  const pull = await a3s("image", "pull", ref);
  // Not a terminal: progress comes as JSON log lines.
  const progress = logLines(pull.stderr);
  expect(progress[0]).toEqual({ time: expect.any(String), level: "info", component: "image", msg: "resolved", ref, digest: image.manifest.digest, layers: 1 });
  expect(progress.filter((line) => line["msg"] === "blob downloaded").length).toBeGreaterThanOrEqual(2);
  expect(pull.stdout).toBe(`pulled ${ref}\ndigest: ${image.manifest.digest}\n`);

  const ls = await a3s("image", "ls");
  expect(ls.stdout).toMatch(new RegExp(`^REFERENCE\\s+ID\\s+PLATFORM\\s+SIZE\\s+LAST USED\\n${ref.replace(/\./g, "\\.")}\\s+${image.manifest.digest.slice(7, 19)}\\s+linux/amd64`));

  const inspect = JSON.parse((await a3s("image", "inspect", image.manifest.digest.slice(7, 19))).stdout) as { refs: string[]; imageConfig: { cmd: string[] } };
  expect(inspect.refs).toEqual([ref]);
  expect(inspect.imageConfig.cmd).toEqual(["/bin/sh"]);

  const layout = join(work, "layout");
  writeOciLayout(layout, image, "latest");
  expect((await a3s("image", "import", layout, "--tag", "local/hello:2")).stdout).toBe(`imported ${image.manifest.digest} as docker.io/local/hello:2\n`);

  expect((await a3s("image", "rm", ref)).stdout).toBe(`untagged ${ref}\n`);
  expect((await a3s("image", "rm", "local/hello:2")).stdout).toBe(`untagged docker.io/local/hello:2\ndeleted ${image.manifest.digest}\n`);
  expect((await a3s("image", "prune")).stdout).toMatch(/^removed 0 untagged image\(s\) and 0 unpacked root filesystem\(s\); freed 0 B\n$/);
  expect((await a3s("image", "ls", "--json")).stdout).toBe("[]\n");
}, 180_000);

it("reports failures as one clear line with exit status 1", async () => {
  const missing = await a3s("image", "pull", `${registry.host}/demo/absent:1`);
  expect(missing.code).toBe(1);
  expect(logLines(missing.stderr)).toEqual([expect.objectContaining({ level: "error", component: "image", msg: expect.stringMatching(/demo\/absent: manifests 1 not found$/) })]);
  const bad = await a3s("image", "inspect", "Not A Ref");
  expect(bad.code).toBe(1);
  expect(logLines(bad.stderr)).toEqual([expect.objectContaining({ level: "error", code: expect.any(String), msg: expect.stringContaining('invalid image reference "Not A Ref"') })]);
}, 120_000);
