// The public face of @a3s-lab/box.
export * from "../common/errors";
export * from "../common/chunks";
export * from "../common/session";
export { isLoopbackHost } from "../common/loopback";
export { Box } from "../runtime/box/box";
export type { BoxOptions } from "../runtime/box/box-options";
export type { VmState } from "../runtime/vm/vm-manager";
export type { VmBackend, VmNetwork, GuestEndpoints } from "../runtime/vm/backend";
export { DEFAULT_NETWORK_POLICY, PACKAGE_REGISTRIES } from "../common/network";
export type { EgressDecision } from "../runtime/network/egress-proxy";
export type { NetworkOption } from "../runtime/network/network-policy";
export type { RootfsVariant } from "../runtime/guest-image/rootfs-variants";
export * from "../client/index";
export { ImageStore, prepareRootfs, pullImage, importImage, type ImageConfig, type PreparedRootfs, type ImageProgress } from "../runtime/image";
export type * from "../common/audit";
export { AuditLog, defaultAuditDir, readAuditLog } from "../runtime/telemetry/audit-log";
export type { BoxApi, BoxEvent, WsClientFrame, WsServerFrame } from "../common/box-api";
