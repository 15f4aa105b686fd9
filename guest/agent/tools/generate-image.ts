/**
 * `generate_image`: an image from the provider's Images API (OpenAI's wire format,
 * `POST /images/generations` answering `b64_json`), written into the workspace. It runs in
 * the agent, not as a skill's program: in a box the provider's base URL is the model gateway,
 * whose token model-run code must never hold; the gateway adds the host's key and counts
 * the call in the box's budget and audit log.
 */
import { IMAGE_PROVIDERS, PROVIDERS, type ProviderName } from "../../../common/providers";
import { defineTool, type ToolDefinition } from "./define";
import { writeWorkspaceFile } from "./write";

/** The decoded image may have this many bytes (a 1536×1024 PNG of gpt-image-1 is a few MiB). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** The answer's base64 of that, plus room for the JSON around it. */
const MAX_ANSWER_BYTES = Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Env = Readonly<Record<string, string | undefined>>;

interface Args {
  prompt: string;
  file_path: string;
  size?: string;
  model?: string;
}

/** The tool, calling the first provider that generates images, at the base URL and key of `env`. */
export function generateImageTool(env: Env): ToolDefinition<Args> {
  const provider: ProviderName = IMAGE_PROVIDERS[0]!;
  const spec = PROVIDERS[provider];
  return defineTool<Args>({
    name: "generate_image",
    description:
      `Generate an image from a text prompt (${provider}, model ${spec.images!.defaultModel} unless model is given) and save it in the workspace at file_path ` +
      "(PNG unless the model answers otherwise). Use only when the user asks for an image.",
    parameters: {
      type: "object",
      properties: {
        prompt: { type: "string", minLength: 1, maxLength: 32_000, description: "what the image should show" },
        file_path: { type: "string", minLength: 1, description: "where to save it in the workspace, e.g. images/logo.png" },
        size: { type: "string", pattern: "^(auto|[0-9]{2,4}x[0-9]{2,4})$", nullable: true, description: 'e.g. "1024x1024" (default: the model\'s)' },
        model: { type: "string", minLength: 1, maxLength: 200, nullable: true, description: `image model (default ${spec.images!.defaultModel})` },
      },
      required: ["prompt", "file_path"],
      additionalProperties: false,
    },
    async execute({ prompt, file_path, size, model = spec.images!.defaultModel }, context) {
      // Checked before the (paid) call: a path the tool could not write costs nothing.
      context.workspace.resolveForWrite(file_path, context.cwd);
      const baseUrl = (env[spec.baseUrlVar] || spec.defaultBaseUrl).replace(/\/+$/, "");
      const apiKey = spec.keyVar ? env[spec.keyVar] : undefined;
      const response = await fetch(`${baseUrl}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        body: JSON.stringify({ model, prompt, n: 1, ...(size ? { size } : {}), ...(model.startsWith("dall-e") ? { response_format: "b64_json" } : {}) }),
        signal: context.signal,
      });
      const answer = await readCapped(response, context.signal);
      if (!response.ok) throw new Error(`the image service answered ${response.status}: ${errorMessage(answer)}`);
      const { bytes, revisedPrompt } = imageOf(answer);
      const written = await writeWorkspaceFile(file_path, bytes, context);
      return `Wrote a ${bytes.length}-byte image (${model}) to ${written}${revisedPrompt ? `\nrevised prompt: ${revisedPrompt}` : ""}`;
    },
  });
}

/** The answer's body, refused once it is larger than any image the tool keeps (nothing is written). */
async function readCapped(response: Response, signal: AbortSignal): Promise<string> {
  const tooLarge = () => new Error(`the image service's answer is larger than ${MAX_ANSWER_BYTES} bytes (images are kept up to ${MAX_IMAGE_BYTES} bytes); nothing was written`);
  if (Number(response.headers.get("content-length") ?? 0) > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const part = await reader?.read();
    if (!part || part.done) break;
    signal.throwIfAborted();
    total += part.value.length;
    if (total > MAX_ANSWER_BYTES) {
      await reader!.cancel();
      throw tooLarge();
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks, total).toString("utf8");
}

function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string };
    const message = typeof body.error === "string" ? body.error : body.error?.message;
    if (typeof message === "string") return message;
  } catch {
    // Not JSON: the text itself, cut.
  }
  return text.slice(0, 500);
}

function imageOf(text: string): { bytes: Buffer; revisedPrompt?: string } {
  let body: { data?: Array<{ b64_json?: unknown; revised_prompt?: unknown }> };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error("the image service's answer is not JSON");
  }
  const first = body.data?.[0];
  if (typeof first?.b64_json !== "string" || first.b64_json === "" || !BASE64.test(first.b64_json)) {
    throw new Error("the image service's answer has no image as data[0].b64_json (base64)");
  }
  const bytes = Buffer.from(first.b64_json, "base64");
  if (bytes.length > MAX_IMAGE_BYTES) throw new Error(`the image has ${bytes.length} bytes, more than ${MAX_IMAGE_BYTES}; nothing was written`);
  return { bytes, ...(typeof first.revised_prompt === "string" ? { revisedPrompt: first.revised_prompt } : {}) };
}
