/**
 * Attaching to an agent that already runs (`a3s-box serve --agent`, or A3S_BOX_AGENT in the
 * desktop app): sessions, turns and the file panel all go through A3sClient, so the agent's
 * workspace need not be on this host.
 */
import { A3sClient } from "../../client/index";
import type { AgentLink } from "./agent-link";

export interface AttachOptions {
  token?: string;
}

export function connectAgent(address: string, options: AttachOptions = {}): { link: AgentLink; label: string; workspace: string } {
  const client = new A3sClient({ address, ...(options.token ? { token: options.token } : {}) });
  return {
    link: { sessions: client, workspace: client, close: () => client.close() },
    label: `agent at ${address}`,
    workspace: `(on the agent's host, ${address})`,
  };
}
