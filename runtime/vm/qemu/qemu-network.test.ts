import { expect, it } from "vitest";
import { qemuNetworkArgs } from "./qemu-network";

const fwd = (guestPort: number, hostPort: number) => `guestfwd=tcp:10.0.2.100:${guestPort}-cmd:socat -t 30 - TCP:127.0.0.1:${hostPort}`;

it("gives `llm` a restricted user network whose only way out is the gateway", () => {
  expect(qemuNetworkArgs({ gatewayPort: 41000 })).toEqual(["-netdev", `user,id=net0,restrict=on,${fwd(80, 41000)}`, "-device", "virtio-net-device,netdev=net0"]);
});

it("keeps the network restricted with an egress proxy (allow-lists and `full`): the host's loopback is never mapped", () => {
  const [, netdev] = qemuNetworkArgs({ gatewayPort: 41000, egressProxyPort: 42000, device: "virtio-net-pci" });
  expect(netdev).toBe(`user,id=net0,restrict=on,${fwd(80, 41000)},${fwd(3128, 42000)}`);
});

it("forwards only the host ports named, each on its own number at 10.0.2.100", () => {
  const [, netdev] = qemuNetworkArgs({ gatewayPort: 41000, hostPorts: [11434] });
  expect(netdev).toBe(`user,id=net0,restrict=on,${fwd(80, 41000)},${fwd(11434, 11434)}`);
  expect(() => qemuNetworkArgs({ gatewayPort: 41000, hostPorts: [80] })).toThrow(/host port 80 cannot be given to a QEMU box/);
  expect(() => qemuNetworkArgs({ gatewayPort: 41000, hostPorts: [70000] })).toThrow(/host port must be a TCP port/);
});

it("gives `none` no network device, or only the host's way in when it needs one", () => {
  expect(qemuNetworkArgs({})).toEqual([]);
  expect(qemuNetworkArgs({ hostForwards: [{ hostPort: 40001, guestPort: 4088 }] })).toEqual([
    "-netdev",
    "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:40001-:4088",
    "-device",
    "virtio-net-device,netdev=net0",
  ]);
});

it("adds host forwards after the guestfwds, and refuses bad ports", () => {
  const [, netdev] = qemuNetworkArgs({ gatewayPort: 41000, hostForwards: [{ hostPort: 40001, guestPort: 4088 }] });
  expect(netdev).toBe(`user,id=net0,restrict=on,${fwd(80, 41000)},hostfwd=tcp:127.0.0.1:40001-:4088`);
  expect(() => qemuNetworkArgs({ gatewayPort: 70000 })).toThrow(/the gateway's port must be a TCP port/);
  expect(() => qemuNetworkArgs({ hostForwards: [{ hostPort: 0, guestPort: 4088 }] })).toThrow(/invalid host forward/);
});
