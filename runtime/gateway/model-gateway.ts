import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayRequestRecord } from "../../common/audit";
import { A3sError, ErrorCodes } from "../../common/errors";
import { DEFAULT_PRICES, costOf, type PriceTable } from "../../common/prices";
import { envLogger, type Logger } from "../../common/node/logger";
import { tokenMatches } from "../../common/node/token";
import { BudgetTracker, type BudgetUse, type ModelBudget } from "./budget";
import { createUpstreamAgents, forwardRequest } from "./forward";
import { GatewayStatus, sendGatewayError } from "./gateway-errors";
import { gatewayGuestEnv } from "./guest-env";
import { isInferenceRoute, refusalMessage } from "./inference-routes";
import { PROVIDER_NAMES, isProviderName, type ProviderName } from "../../common/providers";
import { resolveUpstreams, type Env } from "./providers";
import { endGatewaySpan, startGatewaySpan } from "./gateway-span";
import { receiveGuestTraces, type GatewayTraces } from "./trace-export";

export interface ModelGatewayOptions {
  /** The host environment holding provider settings and keys; defaults to process.env. */
  env?: Env;
  /** The box's secret; requests without it are refused. Generated when omitted. */
  token?: string;
  /** Host address to listen on (default 127.0.0.1) and port (default: any free one). */
  host?: string;
  port?: number;
  /** Optional limits on the box's model calls, tokens and money; when spent, calls get 402. */
  budget?: ModelBudget;
  /** Prices that turn tokens into money (default: the shipped table, DEFAULT_PRICES). */
  prices?: PriceTable;
  /** Told of every request refused as not inference; default: a `warn` line of `log`. */
  onRefused?: (refusal: GatewayRefusal) => void;
  /** Where the gateway logs (component `gateway`); default: at the level A3S_LOG of `env` names. */
  log?: Logger;
  /** Told of every request once it has ended, forwarded or refused (the audit log and metrics). */
  onRequest?: (record: GatewayRequestRecord) => void;
  /**
   * When the host exports traces: the box's spans are received at `<token>/otlp/v1/traces`
   * and stamped with its id, and the guest environment points the agent's exporter there.
   */
  traces?: GatewayTraces;
}

/** A request the gateway did not forward because it is not a call of the model. */
export interface GatewayRefusal {
  provider: ProviderName;
  method: string;
  /** The path after the provider's guest base, e.g. /v1/files. */
  path: string;
}

export interface ModelGateway {
  readonly port: number;
  /** The gateway as reached from this host, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly token: string;
  /**
   * The provider variables for the agent: every base URL pointing at this gateway as the
   * guest reaches it (`guestUrl`, default `url`), the provider and model names, no keys.
   */
  guestEnv(guestUrl?: string): Record<string, string>;
  /** Model calls forwarded and tokens the providers reported so far. */
  budgetUse(): BudgetUse;
  close(): Promise<void>;
}

/**
 * Starts the model gateway of one box: an HTTP proxy on the host through which the agent
 * reaches its model provider. The guest calls `<url>/<token>/<provider>/…`; the gateway
 * checks the token, drops any credential the guest sent, adds the host's key for that
 * provider and streams the provider's answer back untouched.
 */
export async function startModelGateway(options: ModelGatewayOptions = {}): Promise<ModelGateway> {
  const env = options.env ?? process.env;
  const upstreams = resolveUpstreams(env);
  const token = options.token ?? randomBytes(32).toString("hex");
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "the gateway token must be at least 16 characters of [A-Za-z0-9_-]");
  }
  const agents = createUpstreamAgents();
  const budget = new BudgetTracker(options.budget);
  const prices = options.prices ?? DEFAULT_PRICES;
  const log = options.log ?? envLogger("gateway", env);
  const onRefused = options.onRefused ?? ((refusal: GatewayRefusal) => log.warn("refused a request that is not an inference endpoint", { ...refusal }));

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const startedAt = performance.now();
    const url = new URL(req.url ?? "/", "http://gateway");
    const [, presented = "", providerName = "", ...rest] = url.pathname.split("/");
    const route = `/${[providerName, ...rest].join("/")}`.slice(0, 256);
    const authorized = tokenMatches(presented, token);
    // Only a request of the box itself gets a span (its traceparent is the box's to choose); span exports get none.
    const span = authorized && providerName !== "otlp" ? startGatewaySpan(req, route, options.traces?.boxId) : undefined;
    const record = (outcome: Omit<GatewayRequestRecord, "provider" | "method" | "path" | "durationMs">) => {
      const entry = {
        provider: isProviderName(providerName) ? providerName : "",
        method: (req.method ?? "").slice(0, 16),
        path: route,
        durationMs: Math.round(performance.now() - startedAt),
        ...outcome,
      };
      if (span) endGatewaySpan(span, entry);
      options.onRequest?.(entry);
    };
    const refuse = (auth: Parameters<typeof sendGatewayError>[1], status: number, message: string, refused: string) => {
      req.resume();
      record({ status, refused, inputTokens: 0, outputTokens: 0, bytesOut: 0 });
      sendGatewayError(res, auth, status, message);
    };
    if (!authorized) {
      refuse(undefined, GatewayStatus.WRONG_TOKEN, "this gateway serves one box, and the request does not carry its token", "wrong token");
      return;
    }
    if (providerName === "otlp") {
      receiveGuestTraces(req, res, route, options.traces, token);
      return;
    }
    if (!isProviderName(providerName)) {
      refuse(undefined, GatewayStatus.NOT_FOUND, `unknown provider "${providerName}"; the gateway serves ${PROVIDER_NAMES.join(", ")}`, "unknown provider");
      return;
    }
    const upstream = upstreams[providerName];
    const { spec } = upstream;
    if (spec.keyVar !== undefined && upstream.apiKey === undefined) {
      refuse(
        spec.auth,
        GatewayStatus.MISSING_KEY,
        `no API key for ${spec.name}: set ${spec.keyVar} in the environment of the host that runs the box (keys never enter the VM)`,
        "no API key on the host",
      );
      return;
    }
    const path = `/${rest.join("/")}`;
    if (!(path === spec.guestPathSuffix || path.startsWith(`${spec.guestPathSuffix}/`))) {
      refuse(spec.auth, GatewayStatus.NOT_FOUND, `${spec.name} paths start with /${spec.name}${spec.guestPathSuffix}/`, "unknown path");
      return;
    }
    const endpoint = path.slice(spec.guestPathSuffix.length);
    if (!isInferenceRoute(spec.name, req.method, endpoint)) {
      onRefused({ provider: spec.name, method: req.method ?? "", path: endpoint });
      refuse(
        spec.auth,
        GatewayStatus.NOT_INFERENCE,
        refusalMessage(spec.name, req.method, endpoint),
        "not an inference endpoint",
      );
      return;
    }
    const spent = budget.spent();
    if (spent !== undefined) {
      refuse(spec.auth, GatewayStatus.BUDGET_SPENT, `the box's model budget is spent: ${spent}`, "budget spent");
      return;
    }
    budget.countRequest();
    const target = new URL(upstream.baseUrl.href);
    target.pathname = upstream.baseUrl.pathname.replace(/\/+$/, "") + endpoint;
    target.search = url.search;
    forwardRequest(req, res, upstream, target, agents, ({ status, bytesOut, ...usage }) => {
      const costUsd = costOf(prices, { provider: spec.name, ...usage });
      budget.countTokens(usage.inputTokens + usage.outputTokens, costUsd);
      record({ status, bytesOut, ...usage, ...(costUsd !== undefined ? { costUsd } : {}) });
    });
  };

  const server = createServer({ noDelay: true }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  let closing: Promise<void> | undefined;

  return {
    port: address.port,
    url,
    token,
    guestEnv: (guestUrl = url) => gatewayGuestEnv({ env, gatewayUrl: guestUrl, token, traces: options.traces !== undefined }),
    budgetUse: () => budget.use(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agents.http.destroy();
        agents.https.destroy();
      });
      return closing;
    },
  };
}
