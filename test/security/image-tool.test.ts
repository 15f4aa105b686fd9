// Attacks through the agent's generate_image tool: the model picks the path and the image
// service picks the answer, so both are hostile. Each runs against the real agent process
// and the test model server's Images API, and checks that nothing was written outside the
// workspace, no partial file was left and no paid call was made for a path that was refused.
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolResult } from "../../common/chunks";
import { MAX_IMAGE_BYTES } from "../../guest/agent/tools/generate-image";
import { tempDir, useAgentWithModels } from "../helpers/agent-process";
import { image, reply, toolCalls, type ScriptedReply } from "../model-server/script";

const setup = useAgentWithModels({ args: ["--protected-paths", ".git/hooks/"] });
const outside = tempDir("a3s-outside-");
const ws = (...parts: string[]) => join(setup.agent.workspace, ...parts);
let prompts = 0;

beforeAll(() => {
  writeFileSync(join(outside.path, "secret.txt"), "top secret\n");
  symlinkSync(outside.path, ws("out-link"));
});
afterAll(() => outside.remove());

/** One turn whose model calls generate_image with `args`, the service answering `answer` if asked. */
async function generate(args: Record<string, unknown>, answer?: ScriptedReply): Promise<ToolResult> {
  setup.models.reset();
  const prompt = `image attack ${++prompts}`;
  setup.models.script(toolCalls([{ name: "generate_image", args: { prompt: "a cat", ...args } }]), ...(answer ? [answer] : []), reply("done"));
  const session = await setup.agent.client.createSession();
  const [result] = (await setup.agent.client.generate(session, prompt)).toolResults;
  return result!;
}

const imageRequests = () => setup.models.requests.filter((r) => r.path === "/v1/images/generations");

describe("paths the model gives", () => {
  it.each([
    ["..", "../escaped.png"],
    ["an absolute path outside", join(outside.path, "escaped.png")],
    ["a symlinked folder that leads out", "out-link/escaped.png"],
  ])("refuses %s before calling the image service", async (_what, filePath) => {
    const result = await generate({ file_path: filePath });
    expect(result).toMatchObject({ isError: true, output: expect.stringContaining("outside the workspace") });
    expect(imageRequests()).toHaveLength(0);
    expect(readdirSync(outside.path)).toEqual(["secret.txt"]);
  });

  it("refuses a protected path before calling the image service", async () => {
    const result = await generate({ file_path: ".git/hooks/post-checkout" });
    expect(result).toMatchObject({ isError: true, output: expect.stringContaining("is a protected path") });
    expect(imageRequests()).toHaveLength(0);
  });

  it("does not write through a symlink named as the file", async () => {
    symlinkSync(join(outside.path, "secret.txt"), ws("link.png"));
    const result = await generate({ file_path: "link.png" });
    expect(result).toMatchObject({ isError: true, output: expect.stringContaining("leads outside the workspace through a symbolic link") });
    expect(imageRequests()).toHaveLength(0);
    expect(readFileSync(join(outside.path, "secret.txt"), "utf8")).toBe("top secret\n");
  });
});

describe("answers the service gives", () => {
  it("refuses an image over the size cap and leaves no file, not even a partial one", async () => {
    mkdirSync(ws("big"));
    const result = await generate({ file_path: "big/huge.png" }, image(Buffer.alloc(MAX_IMAGE_BYTES + 3 * 1024 * 1024, 7)));
    expect(result).toMatchObject({ isError: true, output: expect.stringContaining(`larger than`) });
    expect(result.output).toContain("nothing was written");
    expect(readdirSync(ws("big"))).toEqual([]);
  });

  it("refuses an answer without an image", async () => {
    mkdirSync(ws("bad"));
    const result = await generate({ file_path: "bad/x.png" }, { kind: "image", bytes: Buffer.alloc(0) });
    expect(result).toMatchObject({ isError: true, output: expect.stringContaining("has no image as data[0].b64_json") });
    expect(readdirSync(ws("bad"))).toEqual([]);
  });
});
