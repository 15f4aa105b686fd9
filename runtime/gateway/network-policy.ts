import { A3sError, ErrorCodes } from "../../common/errors";

/**
 * What a box may reach on the network:
 * - `none`: nothing (not even the model gateway);
 * - `llm` (default): the model gateway and nothing else;
 * - `full`: the gateway and anything the host can reach.
 */
export const NETWORK_POLICIES = ["none", "llm", "full"] as const;
export type NetworkPolicy = (typeof NETWORK_POLICIES)[number];
export const DEFAULT_NETWORK_POLICY: NetworkPolicy = "llm";

export function parseNetworkPolicy(value: string): NetworkPolicy {
  if ((NETWORK_POLICIES as readonly string[]).includes(value)) return value as NetworkPolicy;
  throw new A3sError(
    ErrorCodes.INVALID_ARGUMENT,
    `unknown network policy "${value}"; use one of ${NETWORK_POLICIES.join(", ")}`,
  );
}

/** Where the guest finds the gateway under QEMU user networking (a guestfwd address). */
export const QEMU_GATEWAY_GUEST_ADDRESS = "10.0.2.100";
export const QEMU_GATEWAY_GUEST_URL = `http://${QEMU_GATEWAY_GUEST_ADDRESS}`;

/**
 * The host program QEMU runs for each guest connection to the gateway (a `guestfwd` with
 * `cmd:`), joining the connection to the gateway's port. The plain `guestfwd=…-tcp:HOST:PORT`
 * form was tried and does not work for HTTP: QEMU opens that one chardev connection at start,
 * and once the gateway closes it (after one answer), the guest's connection hangs and no
 * later connection gets through. `-t 30` keeps an answer flowing for a client that half-closes.
 */
export const QEMU_GATEWAY_CONNECTOR = "socat";

/** A host → guest TCP forward (e.g. the gRPC channel when there is no vsock). */
export interface HostForward {
  hostPort: number;
  guestPort: number;
  /** Host address to bind; default 127.0.0.1 so nothing outside this host can connect. */
  hostAddress?: string;
}

export interface QemuNetworkOptions {
  policy: NetworkPolicy;
  /** The box's gateway port on the host's 127.0.0.1; required unless the policy is `none`. */
  gatewayPort?: number;
  hostForwards?: readonly HostForward[];
  /** The virtio-net device model; default virtio-net-device (virtio-mmio, for -M microvm). */
  device?: string;
}

/**
 * QEMU user-network (slirp) arguments for a policy. `restrict=on` isolates the guest from
 * the host and the outside world; a `guestfwd` makes the gateway answer at
 * 10.0.2.100:80 inside the guest (through QEMU_GATEWAY_CONNECTOR, which must be on the
 * host's PATH); `hostfwd`s still let the host connect in. With `none` and no host forwards
 * there is no network device at all.
 */
export function qemuNetworkArgs(options: QemuNetworkOptions): string[] {
  const { policy, hostForwards = [] } = options;
  if (policy !== "none" && !isPort(options.gatewayPort)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `network policy "${policy}" needs the gateway's port, got ${options.gatewayPort}`);
  }
  for (const forward of hostForwards) {
    if (!isPort(forward.hostPort) || !isPort(forward.guestPort)) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid host forward ${forward.hostPort} → ${forward.guestPort}`);
    }
  }
  if (policy === "none" && hostForwards.length === 0) return [];

  const netdev = ["user", "id=net0", `restrict=${policy === "full" ? "off" : "on"}`];
  if (policy !== "none") {
    netdev.push(
      `guestfwd=tcp:${QEMU_GATEWAY_GUEST_ADDRESS}:80-cmd:${QEMU_GATEWAY_CONNECTOR} -t 30 - TCP:127.0.0.1:${options.gatewayPort}`,
    );
  }
  for (const { hostAddress = "127.0.0.1", hostPort, guestPort } of hostForwards) {
    netdev.push(`hostfwd=tcp:${hostAddress}:${hostPort}-:${guestPort}`);
  }
  return ["-netdev", netdev.join(","), "-device", `${options.device ?? "virtio-net-device"},netdev=net0`];
}

function isPort(value: number | undefined): value is number {
  return Number.isInteger(value) && value! > 0 && value! < 65536;
}
