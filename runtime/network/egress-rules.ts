import ipaddr from "ipaddr.js";
import { A3sError, ErrorCodes } from "../../common/errors";

/** Ports a name on the list may be reached on unless the entry names its own (`host:port`). */
const WEB_PORTS = [80, 443];

/** One allow-list entry: a host name, `*.suffix` for any name below it, optionally `:port`. */
interface Rule {
  host: string;
  wildcard: boolean;
  ports: readonly number[];
}

export interface EgressRules {
  /** Whether a request for `host:port` may go on (before resolving it). */
  permits(host: string, port: number): boolean;
}

/** `full`: any name or address on any port; the address check still keeps the box off the host and private ranges. */
export const ANY_PUBLIC_DESTINATION: EgressRules = { permits: () => true };

/**
 * Parses an allow-list. Entries are DNS names, lower-cased (`registry.npmjs.org`, `*.pypi.org`,
 * `git.example.com:8443`); IP addresses are refused, because a name is what the proxy can
 * check against the TLS SNI and resolve itself.
 */
export function allowListRules(entries: readonly string[]): EgressRules {
  const rules = entries.map(parseEntry);
  return {
    permits: (host, port) => {
      const name = host.toLowerCase().replace(/\.$/, "");
      if (ipaddr.isValid(name.replace(/^\[|\]$/g, ""))) return false;
      return rules.some((rule) => rule.ports.includes(port) && (rule.wildcard ? name.endsWith(`.${rule.host}`) : name === rule.host));
    },
  };
}

function parseEntry(entry: string): Rule {
  const match = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?$/.exec(entry.trim().toLowerCase());
  const port = match?.[6] === undefined ? undefined : Number(match[6]);
  if (!match || (port !== undefined && (port < 1 || port > 65535)) || ipaddr.isValid(match[2]!)) {
    throw new A3sError(
      ErrorCodes.INVALID_ARGUMENT,
      `network allow-list entry "${entry}" is not a host name (examples: registry.npmjs.org, *.pypi.org, git.example.com:8443)`,
    );
  }
  return { host: match[2]!, wildcard: match[1] !== undefined, ports: port === undefined ? WEB_PORTS : [port] };
}

/**
 * Whether a box may connect to this address: public unicast only. Loopback, private,
 * link-local (169.254.169.254, the cloud metadata service, is one), carrier-grade NAT,
 * unique-local, multicast, reserved and documentation ranges are refused; an IPv4-mapped
 * IPv6 address is judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}
