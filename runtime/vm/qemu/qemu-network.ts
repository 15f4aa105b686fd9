import type { VmNetwork } from "../backend";

/** Where the guest finds the model gateway (a guestfwd address of QEMU's user network). */
export const GATEWAY_GUEST_ADDRESS = "10.0.2.100";

export interface QemuNetworkOptions {
  policy: VmNetwork;
  gatewayPort?: number;
  hostForwards: readonly { hostPort: number; guestPort: number }[];
}

/**
 * QEMU user networking for a policy: `restrict=on` cuts the guest off from the host and the
 * world; a guestfwd makes the gateway answer at 10.0.2.100:80; hostfwds on 127.0.0.1 still
 * let the host connect in (the agent channel).
 */
export function qemuNetworkArgs(options: QemuNetworkOptions): string[] {
  const netdev = ["user", "id=net0", `restrict=${options.policy === "full" ? "off" : "on"}`];
  if (options.policy !== "none") {
    if (!options.gatewayPort) throw new Error(`network "${options.policy}" needs the gateway's port`);
    netdev.push(`guestfwd=tcp:${GATEWAY_GUEST_ADDRESS}:80-tcp:127.0.0.1:${options.gatewayPort}`);
  }
  for (const { hostPort, guestPort } of options.hostForwards) netdev.push(`hostfwd=tcp:127.0.0.1:${hostPort}-:${guestPort}`);
  return ["-netdev", netdev.join(","), "-device", "virtio-net-device,netdev=net0"];
}
