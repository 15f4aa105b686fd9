// The built agent bundle as a real process, reached over real gRPC through the CLI.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PROTO_LOADER_OPTIONS, agentDescriptor } from "../common/proto";
import type { ProtoGrpcType } from "../common/generated/agent";
import type { AgentServiceClient } from "../common/generated/a3s/box/v1/AgentService";

const cli = join(import.meta.dirname, "../dist/cli/main.js");
let agent: ChildProcess;
let client: AgentServiceClient;

beforeAll(async () => {
  agent = spawn(process.execPath, [cli, "agent", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(createInterface({ input: agent.stdout! }), "line")) as [string];
  expect(line).toMatch(/^listening 127\.0\.0\.1:\d+$/);
  const proto = grpc.loadPackageDefinition(protoLoader.fromJSON(agentDescriptor, PROTO_LOADER_OPTIONS)) as unknown as ProtoGrpcType;
  client = new proto.a3s.box.v1.AgentService(line.split(" ")[1]!, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  if (agent && agent.exitCode === null) {
    agent.kill("SIGTERM");
    await once(agent, "exit");
  }
});

it("answers HealthCheck with its version", async () => {
  const health = await new Promise((resolve, reject) => client.HealthCheck({}, (err, res) => (err ? reject(err) : resolve(res))));
  expect(health).toMatchObject({ status: "ok", version: "0.1.0" });
});
