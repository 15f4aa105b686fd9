/**
 * Attaching to an agent that already runs (`a3s-box serve --agent`, or A3S_BOX_AGENT in the
 * desktop app): sessions and turns through A3sClient; the file panel through the agent's
 * workspace folder when it is on this host.
 */
import { resolve } from "node:path";
import { A3sClient } from "../../client/index";
import { A3sError, ErrorCodes } from "../../common/errors";
import type { AgentLink, AgentWorkspace } from "./agent-link";
import { HostWorkspace } from "./host-workspace";

/** The file panel of an agent whose workspace is not on this host. */
class UnreachableWorkspace implements AgentWorkspace {
  constructor(private readonly address: string) {}

  private refuse(): never {
    throw new A3sError(ErrorCodes.UNAVAILABLE, `the files of the agent at ${this.address} are not on this host; pass --workspace DIR when they are`);
  }

  listDir = async (): Promise<never> => this.refuse();
  readFile = async (): Promise<never> => this.refuse();
  writeFile = async (): Promise<never> => this.refuse();
  watchFiles = () => () => undefined;
}

export interface AttachOptions {
  token?: string;
  /** The agent's workspace folder, when it is on this host. */
  workspace?: string;
}

export function connectAgent(address: string, options: AttachOptions = {}): { link: AgentLink; label: string; workspace: string } {
  const client = new A3sClient({ address, ...(options.token ? { token: options.token } : {}) });
  const workspace = options.workspace ? resolve(options.workspace) : undefined;
  return {
    link: {
      sessions: client,
      workspace: workspace ? new HostWorkspace(workspace) : new UnreachableWorkspace(address),
      close: () => client.close(),
    },
    label: `agent at ${address}`,
    workspace: workspace ?? `(on the agent's host, ${address})`,
  };
}
