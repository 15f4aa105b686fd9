import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { PROTO_LOADER_OPTIONS, agentDescriptor } from "../../common/proto";
import type { ProtoGrpcType } from "../../common/generated/agent";
import type { AgentServiceHandlers } from "../../common/generated/a3s/box/v1/AgentService";
import { AGENT_VERSION } from "./version";

export interface AgentServerOptions {
  /** "host:port" or "unix:/path/to.sock" */
  listen: string;
  token?: string;
}

export function loadAgentService() {
  const definition = protoLoader.fromJSON(agentDescriptor, PROTO_LOADER_OPTIONS);
  const proto = grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
  return proto.a3s.box.v1.AgentService.service;
}

export async function startAgentServer(options: AgentServerOptions): Promise<{ server: grpc.Server; address: string }> {
  const startedAt = Date.now();
  const handlers: Partial<AgentServiceHandlers> = {
    HealthCheck: (_call, callback) =>
      callback(null, { status: "ok", version: AGENT_VERSION, uptimeMs: Date.now() - startedAt, sessionCount: 0, lanes: [] }),
  };
  const server = new grpc.Server();
  server.addService(loadAgentService(), handlers as AgentServiceHandlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.listen, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const address = options.listen.startsWith("unix:") ? options.listen : options.listen.replace(/:\d+$/, `:${port}`);
  return { server, address };
}
