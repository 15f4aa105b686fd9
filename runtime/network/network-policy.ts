import { A3sError, ErrorCodes } from "../../common/errors";
import { NAMED_NETWORK_POLICIES, type NamedNetworkPolicy, type NetworkPolicy } from "../../common/network";
import { allowListRules } from "./egress-rules";

export type { NetworkPolicy } from "../../common/network";

/** `network` as a box takes it: a policy's name, or the hosts it may reach (see egress-rules.ts). */
export type NetworkOption = NamedNetworkPolicy | { allow: readonly string[] };

export interface ResolvedNetwork {
  policy: NetworkPolicy;
  /** The allow-list under `allow`, checked. */
  allow: readonly string[];
}

export function resolveNetwork(option: NetworkOption): ResolvedNetwork {
  if (typeof option === "object" && option !== null && Array.isArray(option.allow)) {
    if (option.allow.length === 0) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "network { allow } needs at least one host (network `llm` is the model only)");
    allowListRules(option.allow);
    return { policy: "allow", allow: [...option.allow] };
  }
  if (isNamedNetworkPolicy(option)) return { policy: option, allow: [] };
  throw new A3sError(
    ErrorCodes.INVALID_ARGUMENT,
    `network must be one of ${NAMED_NETWORK_POLICIES.join(", ")}, or { allow: [host, …] }, got ${JSON.stringify(option)}`,
  );
}

export function isNamedNetworkPolicy(value: unknown): value is NamedNetworkPolicy {
  return (NAMED_NETWORK_POLICIES as readonly unknown[]).includes(value);
}
