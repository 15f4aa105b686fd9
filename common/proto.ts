/**
 * The agent.proto contract as data: the JSON descriptor and the proto-loader options
 * that the generated types in ./generated assume. Both ends load the package with
 * `protoLoader.fromJSON(agentDescriptor, PROTO_LOADER_OPTIONS)`.
 * Regenerate with `npm run proto` after editing proto/agent.proto.
 */
import type { INamespace } from "protobufjs";
import descriptor from "./generated/agent-descriptor.json";

export const agentDescriptor = descriptor as INamespace;

export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

export const DEFAULT_AGENT_PORT = 4088;

export type * as wire from "./generated/wire";
