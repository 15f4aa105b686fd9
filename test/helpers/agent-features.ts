import type { A3sClient } from "../../client/index";

/**
 * Whether this agent implements permission policies (and so approvals). Until it does it
 * answers UNIMPLEMENTED (gRPC 12), and the UI tests that need approvals skip themselves.
 */
export async function agentSupportsPolicies(client: A3sClient): Promise<boolean> {
  const sessionId = await client.createSession({});
  try {
    await client.setPermissionPolicy(sessionId, { ask: ["bash"] });
    return true;
  } catch (error) {
    if ((error as { cause?: { code?: number } }).cause?.code === 12) return false;
    throw error;
  } finally {
    await client.destroySession(sessionId);
  }
}
