import { chmod, lstat, mkdir, rm } from "node:fs/promises";
import { connect } from "node:net";
import { dirname } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";

/** `unix:///run/a3s-box/cri.sock` (or `unix:/…`) → the socket's path; undefined for a TCP address. */
export function unixSocketPath(listen: string): string | undefined {
  if (!listen.startsWith("unix:")) return undefined;
  const path = listen.replace(/^unix:(\/\/)?/, "");
  if (!path.startsWith("/")) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `the listen address ${listen} must name an absolute socket path, e.g. unix:///run/a3s-box/cri.sock`);
  return path;
}

/**
 * Makes the socket's folder and removes a socket file left by a runtime that is gone; a
 * live one (something answers) or a file that is not a socket is an error, never removed.
 */
export async function prepareSocketPath(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o755 });
  const existing = await lstat(path).catch(() => undefined);
  if (!existing) return;
  if (!existing.isSocket()) throw new A3sError(ErrorCodes.ALREADY_EXISTS, `${path} exists and is not a socket; remove it or listen elsewhere`);
  const live = await new Promise<boolean>((resolve) => {
    const socket = connect(path);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (live) throw new A3sError(ErrorCodes.ALREADY_EXISTS, `another process already serves ${path}; stop it or listen elsewhere`);
  await rm(path, { force: true });
}

/** Only root (kubelet) may connect: whoever reaches the socket runs VMs. */
export async function restrictSocket(path: string): Promise<void> {
  await chmod(path, 0o600);
}
