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
/** The policies a single word names (`allow` comes with its hosts). */
export const NAMED_NETWORK_POLICIES = ["none", "llm", "full"] as const satisfies readonly NetworkPolicy[];
export type NamedNetworkPolicy = (typeof NAMED_NETWORK_POLICIES)[number];
/** What a box reaches when its options name no policy. */
export const DEFAULT_NETWORK_POLICY: NamedNetworkPolicy = "llm";

/**
 * The hosts of the common package registries, for `network: { allow: PACKAGE_REGISTRIES }`:
 * npm, PyPI, crates.io, the Go module proxy and checksum database, Debian's archive.
 */
export const PACKAGE_REGISTRIES: readonly string[] = [
  "registry.npmjs.org",
  "pypi.org",
  "files.pythonhosted.org",
  "crates.io",
  "index.crates.io",
  "static.crates.io",
  "proxy.golang.org",
  "sum.golang.org",
  "storage.googleapis.com",
  "deb.debian.org",
  "security.debian.org",
];
