/** The agent.proto service loaded once, and the bearer-token metadata both ends use. */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { ProtoGrpcType } from "../generated/agent";
import type { AgentServiceClient } from "../generated/a3s/box/v1/AgentService";
import type { ContainerServiceClient } from "../generated/a3s/box/v1/ContainerService";
import { PROTO_LOADER_OPTIONS, agentDescriptor } from "../proto";
import { bearerToken } from "./token";

let loaded: ProtoGrpcType | undefined;

function agentProto(): ProtoGrpcType {
  loaded ??= grpc.loadPackageDefinition(protoLoader.fromJSON(agentDescriptor, PROTO_LOADER_OPTIONS)) as unknown as ProtoGrpcType;
  return loaded;
}

/** The service definition a server adds handlers for. */
export function agentServiceDefinition() {
  return agentProto().a3s.box.v1.AgentService.service;
}

/** A client of the agent at `address` ("host:port" or "unix:/path"); the channel is plaintext, the token authenticates. */
export function createAgentClient(address: string, options: grpc.ClientOptions = {}): AgentServiceClient {
  return new (agentProto().a3s.box.v1.AgentService)(address, grpc.credentials.createInsecure(), options);
}

/** The container service (pod sandboxes of `a3s-box cri`), served by the agent next to AgentService. */
export function containerServiceDefinition() {
  return agentProto().a3s.box.v1.ContainerService.service;
}

export function createContainerClient(address: string, options: grpc.ClientOptions = {}): ContainerServiceClient {
  return new (agentProto().a3s.box.v1.ContainerService)(address, grpc.credentials.createInsecure(), options);
}

/** Call metadata carrying `authorization: Bearer <token>` (none without a token). */
export function bearerMetadata(token: string | undefined): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (token) metadata.set("authorization", `Bearer ${token}`);
  return metadata;
}

/** The token a call presents, if any. */
export function presentedToken(metadata: grpc.Metadata): string | undefined {
  return bearerToken(metadata.get("authorization")[0]);
}
