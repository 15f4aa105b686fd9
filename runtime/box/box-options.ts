import { createHash } from "node:crypto";
import { mkdirSync, statSync } from "node:fs";
import { availableParallelism, homedir } from "node:os";
import type { VmPool } from "../vm/vm-pool";
import { join, resolve } from "node:path";
import type { BoxBoundary } from "../../common/box-api";
import { A3sError, ErrorCodes } from "../../common/errors";
import { logLevelFrom, parseLogLevel, type LogLevel } from "../../common/node/logger";
import { namesOf, refuseUnknownOptions } from "../../common/option-names";
import { DEFAULT_NETWORK_POLICY } from "../../common/network";
import type { PriceTable } from "../../common/prices";
import { DEFAULT_PROTECTED_PATHS, protectedPathProblem, withGitCommondir } from "../../common/protected-paths";
import { BUILTIN_SESSION_STORES, type BuiltinSessionStore } from "../../common/session-store";
import { checkSessionOptionNames, type SessionOptions } from "../../common/session";
import { DEFAULT_TOOL_PROCESSES, defaultToolMemoryMiB, type ToolLimits } from "../../common/tool-limits";
import { toolsCommandProblem } from "../../common/tools-command";
import type { ModelBudget } from "../gateway/budget";
import { hostGuestArch, parseGuestArch, type GuestArch } from "../guest-image/guest-arch";
import { DEFAULT_ROOTFS_VARIANT, ROOTFS_VARIANTS, type RootfsVariant } from "../guest-image/rootfs-variants";
import type { EgressDecision } from "../network/egress-proxy";
import type { AuditLog } from "../telemetry/audit-log";
import { resolveNetwork, type NetworkOption } from "../network/network-policy";
import { workspaceFrom } from "../../common/node/workspace-default";
import type { VmBackend, VmNetwork } from "../vm/backend";

export interface BoxOptions {
  /** Host folder shared read-write at /workspace (default: `WORKSPACE` of `env`, else of this process, else the current directory). */
  workspace?: string;
  /** OCI image reference(s) for the root filesystem, pulled when missing (see docs/images.md). */
  image?: string | string[];
  /**
   * What every session of the box's agent starts from, over what the image's `io.a3s.box.*`
   * labels set (docs/images.md), field by field; a session's own options win over both.
   */
  sessionDefaults?: SessionOptions;
  /**
   * A program (then its arguments) the box starts at boot in its tools' namespaces, as its
   * tools' programs run (in /workspace, under toolLimits, without keys or tokens), e.g. a dev
   * server or a database the tools then use; its exit is an agent log line. Default: the
   * image's label io.a3s.box.tools-command (docs/images.md); `false` starts none.
   */
  toolsCommand?: readonly string[] | false;
  /** An unpacked root filesystem folder to use instead of the default one (not with `image`). */
  rootfs?: string;
  /**
   * Which default root filesystem (when neither `image` nor `rootfs` is given): `developer`
   * (default: compilers, make, Node/npm, Python/pip/pytest, git, curl, jq, rg, …) or `slim`.
   */
  variant?: RootfsVariant;
  /**
   * Host folder where the agent keeps its sessions (shared at /var/lib/a3s), so they outlive
   * the VM; default: one per workspace under $XDG_STATE_HOME/a3s-box/sessions (~/.local/state).
   */
  stateDir?: string;
  /** Virtual CPUs (default 1: each is a host thread, and under software emulation a busy one takes a host core). */
  cpus?: number;
  /**
   * Guest memory in MiB (default 1024: room for gcc, npm or pytest next to the agent). The
   * writable layer over the root filesystem is a tmpfs in this memory (up to half of it), so
   * what a box installs outside /workspace is gone when it stops.
   */
  memoryMiB?: number;
  /**
   * Limits on the programs the box's tools, skills and hooks run, per session and for all
   * together (cgroup v2 in the guest): `processes` (pids.max, default 1024) and `memoryMiB`
   * (memory.max, default memoryMiB − 256, kept for the agent). A fork bomb or a memory hog
   * ends its tool call with an error naming the limit; the agent and other sessions go on.
   */
  toolLimits?: Partial<ToolLimits>;
  /**
   * What the box may reach: `none`, `llm` (the model gateway only; default), `full` (any public
   * address through the egress proxy), or `{ allow: ["registry.npmjs.org", "*.pypi.org", …] }`
   * (those hosts through the egress proxy; PACKAGE_REGISTRIES is a preset). Never the host's
   * loopback or private, link-local and metadata ranges, except `hostPorts`.
   */
  network?: NetworkOption;
  /** Ports of the host's 127.0.0.1 the box may reach (e.g. 11434 for a local Ollama), at 10.0.2.100:PORT in a QEMU guest. */
  hostPorts?: readonly number[];
  /** Told of every connection the egress proxy lets through or refuses (also kept: Box.networkLog()). */
  onNetworkDecision?: (decision: EgressDecision) => void;
  /** How the egress proxy resolves names (default: the host's resolver); for split-horizon setups and tests. */
  egressLookup?: (host: string) => Promise<string[]>;
  /**
   * `qemu`, `krun` (libkrun, see docs/krun.md), or a backend object. Default: krun where
   * libkrun is installed (and the box needs no host ports), else qemu (runtime/vm/backend-choice.ts).
   */
  backend?: "qemu" | "krun" | VmBackend;
  /**
   * The guest's architecture, `x86_64` or `arm64` (default: this host's). Another architecture
   * than the host's runs under QEMU's software emulation only, many times slower.
   */
  arch?: GuestArch;
  /** How long the boot may take (default 120 s). */
  bootTimeoutMs?: number;
  /**
   * QEMU: restore the box from a snapshot template of its kind (made on first use, kept in the
   * guest cache) instead of booting it; any failure falls back to a cold boot with a warning
   * through onProgress. Default false.
   */
  fastStart?: boolean;
  /**
   * QEMU on Linux: take the box from this warm pool when a VM of its kind waits there (implies
   * fastStart), then refill the pool in the background; without one waiting, or where the pool
   * cannot work, the box starts as with fastStart (said through onProgress). The caller owns
   * the pool and disposes it. Default: none.
   */
  pool?: VmPool;
  /**
   * Workspace paths that are read-only inside the box, for everything in it (guest mounts),
   * because host programs run what they say; a trailing `/` marks a folder. Default:
   * `.git/config`, `.git/hooks/`, `.git/info/`, `.git/modules/`, `.git/worktrees/`,
   * `.git/commondir` (see docs/security.md); `[]` for none. A list with anything in `.git`
   * gets `.git/commondir` added.
   */
  protectedPaths?: readonly string[];
  /**
   * How the agent keeps sessions in the state dir: `file` (one JSON file each, the default) or
   * `sqlite` (one `sessions.sqlite`, through the guest Node's node:sqlite). Other stores plug
   * into `a3s-box agent --session-store MODULE` (docs/agent.md).
   */
  sessionStore?: BuiltinSessionStore;
  /**
   * Optional limits on the box's model use, kept by its gateway: calls forwarded, tokens the
   * provider reported, and their cost in US dollars (`usd`, by the price table in
   * common/prices.ts). When spent, the agent's turn ends with finish reason `budget`.
   */
  modelBudget?: ModelBudget;
  /** The agent's log level (docs/agent.md "Logs"); default: `A3S_LOG` of `env`, else of the process, else `info`. */
  logLevel?: LogLevel;
  /** What the gateway costs tokens by, for the budget, the audit log and the metrics (default: common/default-prices.json). */
  prices?: PriceTable;
  /**
   * The box's audit log on the host (docs/observability.md); default: one for the box's id in
   * `$A3S_BOX_AUDIT_DIR` or `$XDG_STATE_HOME/a3s-box/audit` (of `env`, else of the process). It may not lie in a folder the
   * box can write (the workspace or `stateDir`).
   */
  auditLog?: AuditLog;
  /** Where the provider settings and keys are read on the host (default process.env); keys stay on the host. */
  env?: Record<string, string | undefined>;
  /** Progress while the guest is built (first use) and the VM boots. */
  onProgress?: (message: string) => void;
}

export interface ResolvedBoxOptions {
  workspace: string;
  arch: GuestArch;
  image?: string | string[];
  rootfs?: string;
  variant: RootfsVariant;
  stateDir: string;
  cpus: number;
  memoryMiB: number;
  toolLimits: ToolLimits;
  network: VmNetwork;
  /** The allow-list under network `allow`. */
  allow: readonly string[];
  hostPorts: readonly number[];
  bootTimeoutMs: number;
  protectedPaths: readonly string[];
  sessionStore: BuiltinSessionStore;
  logLevel: LogLevel;
}

/** Checks the options before anything boots; every problem is an INVALID_ARGUMENT that names it. */
const BOX_OPTION_NAMES = namesOf<BoxOptions>({
  workspace: true, image: true, sessionDefaults: true, toolsCommand: true, rootfs: true, variant: true, stateDir: true, cpus: true,
  memoryMiB: true, toolLimits: true, network: true, hostPorts: true, onNetworkDecision: true, egressLookup: true,
  backend: true, arch: true, bootTimeoutMs: true, fastStart: true, pool: true, protectedPaths: true, sessionStore: true, logLevel: true, modelBudget: true, prices: true,
  auditLog: true, env: true, onProgress: true,
});
const TOOL_LIMIT_NAMES = namesOf<ToolLimits>({ processes: true, memoryMiB: true });

/** Refuses option names Box.create does not know (plain JavaScript gets no type check); INVALID_ARGUMENT names the option. */
function checkBoxOptionNames(options: BoxOptions): void {
  refuseUnknownOptions(options, BOX_OPTION_NAMES, "box option", { memory: "memoryMiB", cpu: "cpus", cwd: "workspace", timeout: "bootTimeoutMs" });
  refuseUnknownOptions(options.toolLimits, TOOL_LIMIT_NAMES, "toolLimits field", { memory: "memoryMiB", pids: "processes" });
}

export function resolveBoxOptions(options: BoxOptions): ResolvedBoxOptions {
  checkBoxOptionNames(options);
  const workspace = resolve(workspaceFrom(options.workspace, { ...process.env, ...options.env }));
  requireDirectory(workspace, "workspace");
  const rootfs = options.rootfs === undefined ? undefined : resolve(options.rootfs);
  if (rootfs) requireDirectory(rootfs, "rootfs");
  if (rootfs && options.image !== undefined) throw invalid("give either image or rootfs, not both");
  if (options.variant !== undefined) {
    if (!ROOTFS_VARIANTS.includes(options.variant)) throw invalid(`variant must be one of ${ROOTFS_VARIANTS.join(", ")}, got ${String(options.variant)}`);
    if (rootfs || options.image !== undefined) throw invalid("variant chooses the default root filesystem; it does not apply with image or rootfs");
  }
  const variant = options.variant ?? DEFAULT_ROOTFS_VARIANT;
  let arch: GuestArch;
  try {
    arch = options.arch === undefined ? hostGuestArch() : parseGuestArch(options.arch);
  } catch (error) {
    throw invalid((error as Error).message);
  }
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
  const toolLimits = resolveToolLimits(options.toolLimits ?? {}, memoryMiB);
  const bootTimeoutMs = options.bootTimeoutMs ?? 120_000;
  const sessionStore = options.sessionStore ?? "file";
  if (!BUILTIN_SESSION_STORES.includes(sessionStore)) throw invalid(`sessionStore must be one of ${BUILTIN_SESSION_STORES.join(", ")}, got ${String(sessionStore)}`);
  checkSessionOptionNames(options.sessionDefaults);
  if (options.toolsCommand !== undefined && options.toolsCommand !== false) {
    const problem = toolsCommandProblem(options.toolsCommand);
    if (problem) throw invalid(`toolsCommand ${problem}, or false for none`);
  }
  const logLevel = resolveLogLevel(options);
  const { network, allow, hostPorts, protectedPaths } = resolveBoxBoundary(options);
  return { workspace, arch, image: options.image, rootfs, variant, stateDir, cpus, memoryMiB, toolLimits, network, allow, hostPorts, bootTimeoutMs, protectedPaths, sessionStore, logLevel };
}

/** The box's tools command: the option's, else the image label's; `false` for none. */
export function chooseToolsCommand(option: BoxOptions["toolsCommand"], label: readonly string[] | undefined): readonly string[] | undefined {
  return option === false ? undefined : (option ?? label);
}

function resolveLogLevel(options: BoxOptions): LogLevel {
  try {
    return options.logLevel === undefined ? logLevelFrom(undefined, { ...process.env, ...options.env }) : parseLogLevel(options.logLevel, "logLevel");
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

function resolveToolLimits(options: Partial<ToolLimits>, memoryMiB: number): ToolLimits {
  const processes = options.processes ?? DEFAULT_TOOL_PROCESSES;
  if (!Number.isInteger(processes) || processes < 16) throw invalid(`toolLimits.processes must be a whole number ≥ 16, got ${processes}`);
  const toolMemoryMiB = options.memoryMiB ?? defaultToolMemoryMiB(memoryMiB);
  if (!Number.isInteger(toolMemoryMiB) || toolMemoryMiB < 32 || toolMemoryMiB > memoryMiB) {
    throw invalid(`toolLimits.memoryMiB must be a whole number from 32 to the box's memoryMiB (${memoryMiB}), got ${toolMemoryMiB}`);
  }
  return { processes, memoryMiB: toolMemoryMiB };
}

/** The box's reach beyond itself, with defaults; every problem is an INVALID_ARGUMENT that names it. */
export function resolveBoxBoundary(options: Pick<BoxOptions, "network" | "hostPorts" | "protectedPaths">): BoxBoundary {
  const { policy: network, allow } = resolveNetwork(options.network ?? DEFAULT_NETWORK_POLICY);
  const hostPorts = [...new Set(options.hostPorts ?? [])];
  for (const port of hostPorts) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(`hostPorts must be TCP ports (1–65535), got ${port}`);
  }
  if (hostPorts.length > 0 && network === "none") throw invalid("hostPorts need a network: network `none` reaches nothing");
  const protectedPaths = options.protectedPaths ?? DEFAULT_PROTECTED_PATHS;
  for (const entry of protectedPaths) {
    const problem = typeof entry === "string" ? protectedPathProblem(entry) : "each entry must be a string";
    if (problem) throw invalid(`protectedPaths: ${problem}`);
  }
  return { network, allow: [...allow], hostPorts, protectedPaths: withGitCommondir(protectedPaths) };
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
