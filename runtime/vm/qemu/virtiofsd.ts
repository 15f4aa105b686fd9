import { accessSync, constants, existsSync } from "node:fs";
import { A3sError } from "../../../common/errors";
import { CappedLog } from "../capped-log";
import { spawnOwned } from "../owned-process";

/** QEMU's C daemon (Debian and Ubuntu ship it in qemu-system-common up to QEMU 7.2). */
export const VIRTIOFSD_PATH = "/usr/lib/qemu/virtiofsd";

/**
 * How long the guest's FUSE client may trust what it cached: `none` asks the host every time
 * (coherent), `auto` trusts attributes and names for 1 s, `always` for a day.
 */
export type VirtiofsCache = "none" | "auto" | "always";

/** The daemon's path where it is installed and runnable here (Linux only), else undefined. */
export function findVirtiofsd(path = VIRTIOFSD_PATH): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

export interface VirtiofsdOptions {
  binary: string;
  /** The host folder the guest sees. */
  source: string;
  /** The vhost-user socket QEMU connects to. */
  socketPath: string;
  cache: VirtiofsCache;
  /** The daemon's own messages (capped). */
  logPath: string;
  timeoutMs?: number;
}

export interface Virtiofsd {
  readonly pid: number;
  readonly exited: Promise<void>;
  kill(): Promise<void>;
}

/**
 * The daemon's command line. Its sandbox (`-o sandbox=namespace`, the default) pivots into the
 * shared folder, so the guest's paths and symlinks resolve inside it; it needs
 * CAP_SYS_ADMIN, which a normal user gets in a user namespace of its own (`unshare -Ur`: the
 * user is the guest's root, and other host users' files show as nobody). It writes a pid file
 * under /run/virtiofsd, which a normal user cannot and which root would leave behind, so it
 * runs in a mount namespace with a private /run. `modcaps=-mknod`: the guest makes no device
 * nodes in the host's folder.
 */
export function virtiofsdCommand(options: Pick<VirtiofsdOptions, "binary" | "source" | "socketPath" | "cache">, asRoot: boolean): [string, string[]] {
  return [
    "unshare",
    [
      ...(asRoot ? ["-m"] : ["-U", "-r", "-m"]),
      "--propagation", "private",
      "sh", "-c", 'mount -t tmpfs -o mode=700 a3s-virtiofsd /run && exec "$0" "$@"',
      options.binary,
      `--socket-path=${options.socketPath}`,
      "-o", `source=${options.source.replaceAll(",", "\\,")}`,
      "-o", `cache=${options.cache}`,
      "-o", "modcaps=-mknod",
    ],
  ];
}

/** Starts the daemon for one share; resolves once its socket is there (QEMU may connect). */
export async function startVirtiofsd(options: VirtiofsdOptions): Promise<Virtiofsd> {
  const [command, args] = virtiofsdCommand(options, process.getuid?.() === 0);
  const log = new CappedLog(options.logPath, 64 * 1024);
  const child = spawnOwned(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk: Buffer) => log.write(chunk));
  child.stderr!.on("data", (chunk: Buffer) => log.write(chunk));
  let ended = false;
  const exited = new Promise<void>((resolve) => {
    child.on("error", (error) => log.write(`a3s-box: cannot start ${command}: ${error.message}\n`));
    child.on("close", () => {
      ended = true;
      log.close();
      resolve();
    });
  });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  const failed = (why: string) =>
    new A3sError("VM_UNAVAILABLE", `the workspace share (virtiofsd for ${options.source}) ${why}: ${log.tail(600).trim() || "no output"}`);
  for (const deadline = Date.now() + (options.timeoutMs ?? 10_000); !existsSync(options.socketPath); ) {
    if (ended) throw failed("did not start");
    if (Date.now() > deadline) {
      await kill();
      throw failed(`did not open its socket within ${(options.timeoutMs ?? 10_000) / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { pid: child.pid!, exited, kill };
}
