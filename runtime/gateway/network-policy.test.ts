import { expect, it } from "vitest";
import { A3sError } from "../../common/errors";
import { parseNetworkPolicy, qemuNetworkArgs } from "./network-policy";

it("gives `llm` a restricted user network whose only way out is the gateway", () => {
  expect(qemuNetworkArgs({ policy: "llm", gatewayPort: 41000 })).toEqual([
    "-netdev",
    "user,id=net0,restrict=on,guestfwd=tcp:10.0.2.100:80-cmd:socat -t 30 - TCP:127.0.0.1:41000",
    "-device",
    "virtio-net-device,netdev=net0",
  ]);
});

it("gives `full` an unrestricted network that still reaches the gateway", () => {
  expect(qemuNetworkArgs({ policy: "full", gatewayPort: 41000, device: "virtio-net-pci" })).toEqual([
    "-netdev",
    "user,id=net0,restrict=off,guestfwd=tcp:10.0.2.100:80-cmd:socat -t 30 - TCP:127.0.0.1:41000",
    "-device",
    "virtio-net-pci,netdev=net0",
  ]);
});

it("gives `none` no network device, or only the host's way in when it needs one", () => {
  expect(qemuNetworkArgs({ policy: "none" })).toEqual([]);
  expect(qemuNetworkArgs({ policy: "none", hostForwards: [{ hostPort: 40001, guestPort: 4088 }] })).toEqual([
    "-netdev",
    "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:40001-:4088",
    "-device",
    "virtio-net-device,netdev=net0",
  ]);
});

it("adds host forwards after the gateway's guestfwd", () => {
  const [, netdev] = qemuNetworkArgs({ policy: "llm", gatewayPort: 41000, hostForwards: [{ hostPort: 40001, guestPort: 4088 }] });
  expect(netdev).toBe("user,id=net0,restrict=on,guestfwd=tcp:10.0.2.100:80-cmd:socat -t 30 - TCP:127.0.0.1:41000,hostfwd=tcp:127.0.0.1:40001-:4088");
});

it("refuses a policy that needs the gateway without its port, and bad ports", () => {
  expect(() => qemuNetworkArgs({ policy: "llm" })).toThrow(/needs the gateway's port/);
  expect(() => qemuNetworkArgs({ policy: "full", gatewayPort: 70000 })).toThrow(/needs the gateway's port/);
  expect(() => qemuNetworkArgs({ policy: "none", hostForwards: [{ hostPort: 0, guestPort: 4088 }] })).toThrow(/invalid host forward/);
});

it("parses policy names with a clear error for anything else", () => {
  expect(parseNetworkPolicy("llm")).toBe("llm");
  expect(() => parseNetworkPolicy("internet")).toThrow('unknown network policy "internet"; use one of none, llm, full');
  const error = (() => {
    try {
      return parseNetworkPolicy("");
    } catch (thrown) {
      return thrown;
    }
  })();
  expect(A3sError.is(error, "INVALID_ARGUMENT")).toBe(true);
});
