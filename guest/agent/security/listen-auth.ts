import { isLoopbackHost } from "../../../common/loopback";

/**
 * Whether the agent may listen on `listen` with or without a token. A listener reachable
 * from other machines without a token would run anyone's commands, so it is refused; a
 * loopback one is still open to every local user and process, so it is allowed with a
 * warning. A unix socket is guarded by its file's permissions.
 */
export function checkListenAuth(listen: string, token: string | undefined): { refuse?: string; warn?: string } {
  if (token) return {};
  if (listen.startsWith("unix:")) return {};
  const host = listen.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  if (isLoopbackHost(host)) {
    return { warn: `listening on ${listen} without --token: any process on this host can drive the agent; pass --token SECRET` };
  }
  return { refuse: `refusing to listen on ${listen} without --token: anyone who can reach it could run commands here; pass --token SECRET (or listen on 127.0.0.1)` };
}

