import { A3sError, ErrorCodes } from "../../common/errors";
import { allowListRules } from "./egress-rules";

/**
 * What a box may reach on the network:
 * - `none`: nothing (not even the model gateway);
 * - `llm` (default): the model gateway and nothing else;
 * - `allow`: the gateway, and the named hosts through the host's egress proxy;
 * - `full`: the gateway, and any public address through the egress proxy.
 * Under every policy the host's loopback and the private, link-local and metadata ranges
 * stay out of reach, except the host ports a box's options name (`hostPorts`).
 */
export const NETWORK_POLICIES = ["none", "llm", "allow", "full"] as const;
export type NetworkPolicy = (typeof NETWORK_POLICIES)[number];

/** `network` as a box takes it: a policy's name, or the hosts it may reach (see egress-rules.ts). */
export type NetworkOption = Exclude<NetworkPolicy, "allow"> | { allow: readonly string[] };

export interface ResolvedNetwork {
  policy: NetworkPolicy;
  /** The allow-list under `allow`, checked. */
  allow: readonly string[];
}

export function resolveNetwork(option: NetworkOption): ResolvedNetwork {
  if (typeof option === "object" && option !== null && Array.isArray(option.allow)) {
    allowListRules(option.allow);
    return { policy: "allow", allow: [...option.allow] };
  }
  if (option === "none" || option === "llm" || option === "full") return { policy: option, allow: [] };
  throw new A3sError(
    ErrorCodes.INVALID_ARGUMENT,
    `network must be one of none, llm, full, or { allow: [host, …] }, got ${JSON.stringify(option)}`,
  );
}
