import { createHash } from "node:crypto";
import { mkdirSync, statSync } from "node:fs";
import { availableParallelism, homedir } from "node:os";
import { join, resolve } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";
import { DEFAULT_PROTECTED_PATHS, protectedPathProblem } from "../../common/protected-paths";
import type { ModelBudget } from "../gateway/budget";
import type { VmBackend, VmNetwork } from "../vm/backend";

export interface BoxOptions {
  /** Host folder shared read-write at /workspace (default: the current directory). */
  workspace?: string;
  /** OCI image reference(s) for the root filesystem, pulled when missing (see docs/images.md). */
  image?: string | string[];
  /** An unpacked root filesystem folder to use instead of the default one (not with `image`). */
  rootfs?: string;
  /**
   * Host folder where the agent keeps its sessions (shared at /var/lib/a3s), so they outlive
   * the VM; default: one per workspace under $XDG_STATE_HOME/a3s-box/sessions (~/.local/state).
   */
  stateDir?: string;
  cpus?: number;
  memoryMiB?: number;
  /** What the box may reach: `none`, `llm` (the model gateway only; default) or `full`. */
  network?: VmNetwork;
  /** `qemu` (default), `krun` (libkrun, see docs/krun.md), or a backend object. */
  backend?: "qemu" | "krun" | VmBackend;
  /** How long the boot may take (default 120 s). */
  bootTimeoutMs?: number;
  /**
   * Workspace paths that are read-only inside the box, for everything in it (guest mounts),
   * because host programs run what they say; a trailing `/` marks a folder. Default:
   * `.git/config`, `.git/hooks/`, `.git/info/`, `.git/modules/`, `.git/worktrees/`
   * (see docs/security.md); `[]` for none.
   */
  protectedPaths?: readonly string[];
  /**
   * Optional limits on the box's model use, kept by its gateway: calls forwarded and tokens
   * the provider reported. When spent, the agent's turn ends with finish reason `budget`.
   */
  modelBudget?: ModelBudget;
  /** Where the provider settings and keys are read on the host (default process.env); keys stay on the host. */
  env?: Record<string, string | undefined>;
  /** Progress while the guest is built (first use) and the VM boots. */
  onProgress?: (message: string) => void;
}

export interface ResolvedBoxOptions {
  workspace: string;
  image?: string | string[];
  rootfs?: string;
  stateDir: string;
  cpus: number;
  memoryMiB: number;
  network: VmNetwork;
  bootTimeoutMs: number;
  protectedPaths: readonly string[];
}

const NETWORKS: readonly VmNetwork[] = ["none", "llm", "full"];

/** Checks the options before anything boots; every problem is an INVALID_ARGUMENT that names it. */
export function resolveBoxOptions(options: BoxOptions): ResolvedBoxOptions {
  const workspace = resolve(options.workspace ?? process.cwd());
  requireDirectory(workspace, "workspace");
  const rootfs = options.rootfs === undefined ? undefined : resolve(options.rootfs);
  if (rootfs) requireDirectory(rootfs, "rootfs");
  if (rootfs && options.image !== undefined) throw invalid("give either image or rootfs, not both");
  let stateDir: string;
  if (options.stateDir === undefined) {
    stateDir = defaultStateDir(workspace);
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  } else {
    stateDir = resolve(options.stateDir);
    requireDirectory(stateDir, "stateDir");
  }
  const cpus = options.cpus ?? 1;
  if (!Number.isInteger(cpus) || cpus < 1 || cpus > availableParallelism()) {
    throw invalid(`cpus must be a whole number from 1 to ${availableParallelism()} (this host's CPUs), got ${cpus}`);
  }
  const memoryMiB = options.memoryMiB ?? 1024;
  if (!Number.isInteger(memoryMiB) || memoryMiB < 256) throw invalid(`memoryMiB must be a whole number ≥ 256, got ${memoryMiB}`);
  const network = options.network ?? "llm";
  if (!NETWORKS.includes(network)) throw invalid(`network must be one of ${NETWORKS.join(", ")}, got ${String(network)}`);
  const bootTimeoutMs = options.bootTimeoutMs ?? 120_000;
  const protectedPaths = options.protectedPaths ?? DEFAULT_PROTECTED_PATHS;
  for (const entry of protectedPaths) {
    const problem = typeof entry === "string" ? protectedPathProblem(entry) : "each entry must be a string";
    if (problem) throw invalid(`protectedPaths: ${problem}`);
  }
  return { workspace, image: options.image, rootfs, stateDir, cpus, memoryMiB, network, bootTimeoutMs, protectedPaths };
}

/** The session store of a workspace's boxes, on the host. */
export function defaultStateDir(workspace: string): string {
  const xdg = process.env["XDG_STATE_HOME"];
  const base = xdg && xdg.startsWith("/") ? xdg : join(homedir(), ".local/state");
  return join(base, "a3s-box/sessions", createHash("sha256").update(workspace).digest("hex").slice(0, 16));
}

function requireDirectory(path: string, what: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw invalid(`the ${what} ${path} does not exist`);
  }
  if (!isDirectory) throw invalid(`the ${what} ${path} is not a directory`);
}

function invalid(message: string): A3sError {
  return new A3sError(ErrorCodes.INVALID_ARGUMENT, message);
}
