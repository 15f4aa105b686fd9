import { A3sError, ErrorCodes } from "../../../common/errors";
import type { GuestEndpoints, VmSpec } from "../backend";

/**
 * Where the guest finds the host's services under QEMU user networking: one guestfwd address
 * for all of them (slirp refuses its own 10.0.2.2 and 10.0.2.3 for a guestfwd).
 */
const HOST_ADDRESS = "10.0.2.100";
const GATEWAY_GUEST_PORT = 80;
const PROXY_GUEST_PORT = 3128;

export const QEMU_GUEST_ENDPOINTS: GuestEndpoints = {
  gatewayUrl: `http://${HOST_ADDRESS}`,
  proxyUrl: `http://${HOST_ADDRESS}:${PROXY_GUEST_PORT}`,
  hostAddress: HOST_ADDRESS,
};

/**
 * The host program QEMU runs for each guest connection to a host service (a `guestfwd` with
 * `cmd:`), joining it to the service's port. The plain `guestfwd=…-tcp:HOST:PORT` form was
 * tried and does not work for HTTP: QEMU opens that one chardev connection at start, and
 * once the service closes it (after one answer), the guest's connection hangs and no later
 * connection gets through. `-t 30` keeps an answer flowing for a client that half-closes.
 */
export const QEMU_GUESTFWD_CONNECTOR = "socat";

/** A host → guest TCP forward (e.g. the gRPC channel when there is no vsock). */
export interface HostForward {
  hostPort: number;
  guestPort: number;
  /** Host address to bind; default 127.0.0.1 so nothing outside this host can connect. */
  hostAddress?: string;
}

export interface QemuNetworkOptions extends Pick<VmSpec, "gatewayPort" | "egressProxyPort" | "hostPorts"> {
  hostForwards?: readonly HostForward[];
  /** The virtio-net device model; default virtio-net-device (virtio-mmio, for -M microvm). */
  device?: string;
}

/**
 * QEMU user-network (slirp) arguments. Always `restrict=on`: the guest reaches neither the
 * host (slirp maps 10.0.2.2 to the host's loopback) nor the world by itself; each host
 * service it may use is a `guestfwd` on 10.0.2.100 — the gateway on port 80, the egress
 * proxy on 3128, each named host port on its own number — run through
 * QEMU_GUESTFWD_CONNECTOR (on the host's PATH); `hostfwd`s let the host connect in. With
 * nothing to forward there is no network device at all.
 */
export function qemuNetworkArgs(options: QemuNetworkOptions): string[] {
  const { hostForwards = [], hostPorts = [] } = options;
  const guestfwds: Array<[number, number]> = [];
  if (options.gatewayPort !== undefined) guestfwds.push([GATEWAY_GUEST_PORT, checkPort(options.gatewayPort, "the gateway's port")]);
  if (options.egressProxyPort !== undefined) guestfwds.push([PROXY_GUEST_PORT, checkPort(options.egressProxyPort, "the egress proxy's port")]);
  for (const port of hostPorts) {
    checkPort(port, "host port");
    if (port === GATEWAY_GUEST_PORT || port === PROXY_GUEST_PORT) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `host port ${port} cannot be given to a QEMU box: the guest reaches the gateway and the proxy on ${HOST_ADDRESS}:${GATEWAY_GUEST_PORT} and :${PROXY_GUEST_PORT}`);
    }
    guestfwds.push([port, port]);
  }
  for (const forward of hostForwards) {
    if (!isPort(forward.hostPort) || !isPort(forward.guestPort)) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid host forward ${forward.hostPort} → ${forward.guestPort}`);
    }
  }
  if (guestfwds.length === 0 && hostForwards.length === 0) return [];

  const netdev = ["user", "id=net0", "restrict=on"];
  for (const [guestPort, hostPort] of guestfwds) {
    netdev.push(`guestfwd=tcp:${HOST_ADDRESS}:${guestPort}-cmd:${QEMU_GUESTFWD_CONNECTOR} -t 30 - TCP:127.0.0.1:${hostPort}`);
  }
  for (const { hostAddress = "127.0.0.1", hostPort, guestPort } of hostForwards) {
    netdev.push(`hostfwd=tcp:${hostAddress}:${hostPort}-:${guestPort}`);
  }
  return ["-netdev", netdev.join(","), "-device", `${options.device ?? "virtio-net-device"},netdev=net0`];
}

function checkPort(value: number, what: string): number {
  if (!isPort(value)) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${what} must be a TCP port (1–65535), got ${value}`);
  return value;
}

function isPort(value: number | undefined): value is number {
  return Number.isInteger(value) && value! > 0 && value! < 65536;
}
