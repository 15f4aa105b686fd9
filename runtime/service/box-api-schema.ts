/**
 * Argument validation for every BoxApi call that crosses a process boundary (Electron IPC,
 * WebSocket). Only methods listed here can be called, and only with arguments that parse.
 */
import { z } from "zod";
import { A3sError, ErrorCodes } from "../../common/errors";
import { NETWORK_POLICIES } from "../../common/network";
import { PROVIDER_NAMES } from "../../common/providers";
import type { BoxApi, BoxApiMethod } from "../../common/box-api";

const id = z.string().min(1).max(200);
const text = (max: number) => z.string().max(max);
const rule = z.string().min(1).max(500);
const rules = z.array(rule).max(500);
const decision = z.enum(["allow", "ask", "deny"]);
const provider = z.enum(PROVIDER_NAMES);
const policy = z.strictObject({ allow: rules.optional(), ask: rules.optional(), deny: rules.optional(), remembered: rules.optional(), default: decision.optional() });
const modelRef = z.strictObject({ provider, name: z.string().min(1).max(200) });
const workspacePath = text(4096);
const baseUrl = z.union([z.literal(""), z.url({ protocol: /^https?$/ }).max(2000)]);
const perMillion = z.number().finite().min(0).max(100_000);
const modelPrice = z.strictObject({ provider, model: z.string().max(200), inputPerMillion: perMillion, outputPerMillion: perMillion });

/** host[:port]/path[:tag][@sha256:hex]: the shape of a registry reference, nothing else (no scheme, no option). */
const guestRef = z
  .string()
  .max(500)
  .regex(/^[a-z0-9][a-z0-9.-]*(:\d{1,5})?(\/[a-z0-9][a-z0-9._-]*)+(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/i, "a registry reference such as host/name:tag");

const boundary = z.strictObject({
  network: z.enum(NETWORK_POLICIES).optional(),
  allow: z.array(z.string().min(1).max(300)).max(500).optional(),
  hostPorts: z.array(z.number().int().min(1).max(65535)).max(100).optional(),
  protectedPaths: z.array(z.string().min(1).max(500)).max(100).optional(),
});

const noArgs = z.tuple([]);

export const BOX_API_ARGS = {
  getAppInfo: noArgs,
  listBoxes: noArgs,
  createBox: z.tuple([z.strictObject({ workspace: z.string().min(1).max(4096), name: text(200).optional(), boundary: boundary.optional() })]),
  removeBox: z.tuple([id]),
  listSessions: z.tuple([id]),
  createSession: z.tuple([id, z.strictObject({ title: text(200).optional(), model: modelRef.optional(), policy: policy.optional() })]),
  renameSession: z.tuple([id, z.string().min(1).max(200)]),
  deleteSession: z.tuple([id]),
  getTranscript: z.tuple([id]),
  send: z.tuple([id, z.string().min(1).max(200_000)]),
  stop: z.tuple([id]),
  listPendingApprovals: noArgs,
  respondToApproval: z.tuple([
    id,
    id,
    z.strictObject({ decision: z.enum(["allow", "deny"]), remember: z.enum(["once", "session"]).optional(), message: text(2000).optional() }),
  ]),
  setPolicy: z.tuple([id, policy]),
  getContextUsage: z.tuple([id]),
  getActivity: z.tuple([id]),
  compact: z.tuple([id]),
  clear: z.tuple([id]),
  listDir: z.tuple([id, workspacePath]),
  readFile: z.tuple([id, workspacePath]),
  writeFile: z.tuple([id, workspacePath, z.string().max(10_000_000)]),
  getSettings: noArgs,
  updateSettings: z.tuple([
    z.strictObject({
      defaultModel: modelRef.optional(),
      defaultPolicy: policy.optional(),
      providerBaseUrls: z.partialRecord(provider, baseUrl).optional(),
      priceOverrides: z.array(modelPrice).max(500).optional(),
    }),
  ]),
  setProviderKey: z.tuple([provider, z.string().min(1).max(1000).nullable()]),
  listOllamaModels: noArgs,
  testOllamaModel: z.tuple([z.string().min(1).max(200)]),
  checkHost: noArgs,
  getGuestStatus: noArgs,
  // The reference is parsed again by the puller (parseReference); here only its shape is bounded.
  prepareGuest: z.tuple([
    z.discriminatedUnion("source", [
      z.strictObject({ source: z.literal("build") }),
      z.strictObject({ source: z.literal("pull"), ref: guestRef }),
    ]),
  ]),
  cancelGuestPrepare: noArgs,
} satisfies Record<BoxApiMethod, z.ZodTuple>;

export type BoxApiDispatcher = (method: unknown, args: unknown) => Promise<unknown>;

function isMethod(method: unknown): method is BoxApiMethod {
  return typeof method === "string" && Object.hasOwn(BOX_API_ARGS, method);
}

/** Validates a call from an untrusted caller (a renderer, a browser) and runs it on `api`. */
export function createBoxApiDispatcher(api: BoxApi): BoxApiDispatcher {
  return async (method, args) => {
    if (!isMethod(method)) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `unknown BoxApi method: ${JSON.stringify(method)?.slice(0, 80)}`);
    }
    const parsed = BOX_API_ARGS[method].safeParse(args);
    if (!parsed.success) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid arguments for ${method}: ${z.prettifyError(parsed.error)}`);
    }
    const call = api[method] as (...callArgs: unknown[]) => Promise<unknown>;
    return call.apply(api, parsed.data as unknown[]);
  };
}
