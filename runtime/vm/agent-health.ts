import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { ProtoGrpcType } from "../../common/generated/agent";
import { PROTO_LOADER_OPTIONS, agentDescriptor } from "../../common/proto";

/**
 * One HealthCheck call to the agent at `address` with the box's token; resolves when it
 * answers "ok". What decides that a VM is ready.
 */
export function checkAgentHealth(address: string, token: string, timeoutMs: number): Promise<void> {
  const proto = grpc.loadPackageDefinition(protoLoader.fromJSON(agentDescriptor, PROTO_LOADER_OPTIONS)) as unknown as ProtoGrpcType;
  const client = new proto.a3s.box.v1.AgentService(address, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set("authorization", `Bearer ${token}`);
  return new Promise<void>((resolve, reject) => {
    client.HealthCheck({}, metadata, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      if (error) reject(error);
      else if (response?.status !== "ok") reject(new Error(`the agent reports status "${response?.status}"`));
      else resolve();
    });
  });
}
