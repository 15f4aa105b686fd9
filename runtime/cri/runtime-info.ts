import type { CriHandlers } from "./cri-handlers";

/** The CRI version this runtime speaks, and its name for `crictl version`. */
export const CRI_API_VERSION = "v1";
export const RUNTIME_NAME = "a3s-box";

/**
 * The handshakes every client makes (Version, Status) and the runtime-wide settings kubelet
 * pushes or asks for. The pod CIDR is kept for status only: each pod is a VM with its own
 * user-mode network, so no CNI plugin is configured and none is needed.
 */
export function runtimeInfoHandlers(version: string, handlers: readonly string[]): CriHandlers {
  let podCidr = "";
  return {
    Version: () => ({ version: "0.1.0", runtimeName: RUNTIME_NAME, runtimeVersion: version, runtimeApiVersion: CRI_API_VERSION }),
    Status: (request: { verbose: boolean }) => ({
      status: {
        conditions: [
          { type: "RuntimeReady", status: true, reason: "", message: "" },
          // Each pod sandbox is a microVM whose network the runtime sets up itself (no CNI).
          { type: "NetworkReady", status: true, reason: "", message: "" },
        ],
      },
      info: request.verbose ? { config: JSON.stringify({ runtimeHandlers: handlers, podCidr }) } : {},
      runtimeHandlers: handlers.map((name) => ({ name, features: { recursiveReadOnlyMounts: false, userNamespaces: false } })),
      features: { supplementalGroupsPolicy: false },
    }),
    UpdateRuntimeConfig: (request: { runtimeConfig: { networkConfig: { podCidr: string } | null } | null }) => {
      podCidr = request.runtimeConfig?.networkConfig?.podCidr ?? "";
      return {};
    },
    RuntimeConfig: () => ({ linux: { cgroupDriver: "CGROUPFS" } }),
  };
}
