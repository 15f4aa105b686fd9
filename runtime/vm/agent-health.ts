import { bearerMetadata, createAgentClient } from "../../common/node/agent-grpc";

/**
 * One HealthCheck call to the agent at `address` with the box's token; resolves when it
 * answers "ok". What decides that a VM is ready.
 */
export function checkAgentHealth(address: string, token: string, timeoutMs: number): Promise<void> {
  const client = createAgentClient(address);
  const metadata = bearerMetadata(token);
  return new Promise<void>((resolve, reject) => {
    client.HealthCheck({}, metadata, { deadline: Date.now() + timeoutMs }, (error, response) => {
      client.close();
      if (error) reject(error);
      else if (response?.status !== "ok") reject(new Error(`the agent reports status "${response?.status}"`));
      else resolve();
    });
  });
}
