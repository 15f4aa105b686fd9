// The agent program: `node agent.cjs --listen <host:port | unix:/path> [--workspace DIR]
// [--state-dir DIR] [--session-store file|sqlite|MODULE] [--log-level LEVEL] [--token SECRET] [--hooks FILE] [--hook-timeout-ms N] [--lanes LANE=N,...]
// [--skills-dir DIR] [--protected-paths P,...] [--tool-cgroup DIR [--tool-processes N] [--tool-memory-mib N]] [--tools-command JSON] [--attach FIFO [--rehearse]] [--preload]`.
// Prints one line `listening <address>` when ready, so a parent process can wait for it.
// A3S_SESSION_DEFAULTS (JSON session options) is what every new session starts from.
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createLogger, logLevelFrom, type Logger } from "../../common/node/logger";
import { startTracing } from "../../common/node/tracing";
import { DEFAULT_PROTECTED_PATHS, protectedPathProblem } from "../../common/protected-paths";
import type { SessionStore } from "../../common/session-store";
import { DEFAULT_TOOL_PROCESSES, defaultToolMemoryMiB } from "../../common/tool-limits";
import { toolsCommandProblem } from "../../common/tools-command";
import { AgentService } from "./agent-service";
import { ControlPlane } from "./control/control-plane";
import { parseLaneLimits } from "./lanes/lane-queue";
import { ToolCgroups } from "./limits/tool-cgroups";
import { unlimitedProcesses, type ToolProcesses } from "./limits/tool-processes";
import { checkListenAuth } from "./security/listen-auth";
import { rehearseAttached } from "./rehearsal";
import { listenAgentServer } from "./server";
import { openSessionStore } from "./session/open-session-store";
import { SESSION_DEFAULTS_VAR, parseSessionDefaults } from "./session/session-defaults";
import { preloadLazyModules } from "./preload";
import { createBuiltinRegistry } from "./tools/builtin";
import { WORKSPACE_VAR, workspaceFrom } from "../../common/node/workspace-default";
import { Workspace } from "./tools/workspace";
import { startToolsCommand } from "./tools-command";
import { AGENT_NAME } from "./telemetry/genai-spans";
import { AGENT_VERSION } from "./version";

const USAGE =
  "usage: a3s-box agent --listen <host:port | unix:/path> [--workspace DIR] [--state-dir DIR] [--session-store file|sqlite|MODULE] [--log-level LEVEL] [--token SECRET] " +
  "[--hooks FILE] [--hook-timeout-ms N] [--lanes control=N,query=N,execute=N,generate=N] [--skills-dir DIR] [--protected-paths P,...] " +
  "[--tool-cgroup DIR [--tool-processes N] [--tool-memory-mib N]] [--tools-command JSON] [--attach FIFO [--rehearse]] [--preload]";

class UsageError extends Error {}

const OPTIONS = {
  listen: { type: "string", default: "127.0.0.1:4088" },
  workspace: { type: "string" },
  "state-dir": { type: "string" },
  "session-store": { type: "string", default: "file" },
  "log-level": { type: "string" },
  token: { type: "string" },
  hooks: { type: "string" },
  "hook-timeout-ms": { type: "string" },
  lanes: { type: "string" },
  "skills-dir": { type: "string" },
  "protected-paths": { type: "string" },
  "tool-cgroup": { type: "string" },
  "tool-processes": { type: "string" },
  "tool-memory-mib": { type: "string" },
  "tools-command": { type: "string" },
  /** Loads at start what is otherwise loaded at first use (preload.ts): a snapshot template's agent. */
  preload: { type: "boolean" },
  rehearse: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, tokens: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
}

/** Used before attach, so they cannot come through it. */
const BEFORE_ATTACH = ["listen", "skills-dir", "preload", "rehearse"];

async function main(): Promise<void> {
  const { fifo, rest } = attachOption(process.argv.slice(2));
  const early = parseOptions(rest).values;
  if (early.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Without --attach the token is known now: refuse a listener that would need one before binding it.
  if (!fifo) listenAuth(early.listen, early.token ?? process.env["A3S_AGENT_TOKEN"]);
  // What needs no box (its token, workspace or state) is made first: in a box this happens
  // before attach, so a snapshot template is saved with it, listening (calls wait for attach).
  const warnings: string[] = [];
  // process.env itself: the tools read it when they run, after attach has merged the box's environment in.
  const tools = createBuiltinRegistry(process.env);
  // The bundle is dist/guest/agent.cjs; the package's resources/ sits two folders up.
  const builtinSkillsDir = resolve(early["skills-dir"] ?? join(__dirname, "..", "..", "resources", "skills"));
  const skills = await ControlPlane.readBuiltinSkills(tools, builtinSkillsDir, (message) => warnings.push(message));
  let listening;
  try {
    listening = await listenAgentServer(early.listen);
  } catch (err) {
    throw new Error(`cannot listen on ${early.listen}: ${(err as Error).message}`);
  }
  if (early.preload) await preloadLazyModules();

  let values = early;
  // A template VM's agent runs what follows attach once before it is saved (see rehearsal.ts).
  if (fifo && early.rehearse) await rehearseAttached(builtinSkillsDir);
  if (fifo) {
    const attached = await attachedArgs(fifo);
    const late = parseOptions(attached).tokens.find((token) => token.kind === "option" && BEFORE_ATTACH.includes(token.name));
    if (late?.kind === "option") throw new UsageError(`--attach: ${late.rawName} is used before attach: give it on the command line`);
    values = parseOptions([...attached, ...rest]).values;
  }
  let log: Logger;
  try {
    log = createLogger({ level: logLevelFrom(values["log-level"], process.env), component: "agent" });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  for (const warning of warnings) log.warn(warning);
  // Node's own warnings (node:sqlite's ExperimentalWarning) become log lines too.
  process.removeAllListeners("warning");
  process.on("warning", (warning) => log.warn(warning.message, { warning: warning.name }));
  const token = values.token ?? process.env["A3S_AGENT_TOKEN"];
  // Box sets A3S_BOX_ID; anywhere else the agent and what it runs share the host with the user.
  if (!process.env["A3S_BOX_ID"]) {
    log.warn(
      "not isolated: running on this host, not in a box; tools and skills run as this user and can read this user's files " +
        "(they get no API key or token). Use a box for untrusted work.",
    );
  }
  // Spans go where OTEL_EXPORTER_OTLP_* say; in a box that is the gateway, which hands them to
  // the host: known only after attach, so tracing starts here, never in a template.
  const tracing = startTracing(process.env, { "service.name": `${AGENT_NAME}-agent`, "service.version": AGENT_VERSION });
  const authWarning = listenAuth(values.listen, token);
  if (authWarning) log.warn(authWarning);
  const protectedList = protectedPaths(values["protected-paths"]);
  const workspaceDir = workspaceFrom(values.workspace, process.env);
  let workspace: Workspace;
  try {
    workspace = new Workspace(workspaceDir, protectedList);
  } catch (err) {
    throw new UsageError(`the workspace ${workspaceDir} cannot be used: ${(err as Error).message}`);
  }
  // The design's variable names the workspace for whatever the tools, skills and hooks run.
  process.env[WORKSPACE_VAR] = workspace.root;
  // In a box the agent started before its workspace was mounted.
  if (fifo) process.chdir(workspace.root);
  const stateDir = resolve(values["state-dir"] ?? join(homedir(), ".a3s", "sessions"));
  try {
    mkdirSync(stateDir, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot create the state dir ${stateDir}: ${(err as Error).message}`);
  }
  let store: SessionStore;
  try {
    store = await openSessionStore(values["session-store"], stateDir);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  log.debug("session store opened", { store: values["session-store"], stateDir });
  const defaultsText = process.env[SESSION_DEFAULTS_VAR];
  let sessionDefaults;
  try {
    sessionDefaults = defaultsText ? parseSessionDefaults(defaultsText, workspace) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const toolsCommand = toolsCommandOf(values["tools-command"]);
  const processes = await toolProcesses(values);
  let control: ControlPlane;
  try {
    control = await ControlPlane.open({
      tools,
      skills,
      workspace,
      processes,
      stateDir,
      ...(values.hooks ? { hooksFile: resolve(values.hooks) } : {}),
      ...(values["hook-timeout-ms"] ? { hostHookTimeoutMs: positiveInteger(values["hook-timeout-ms"], "--hook-timeout-ms") } : {}),
      ...(values.lanes ? { laneLimits: parseLaneLimits(values.lanes) } : {}),
      warn: (message) => log.warn(message),
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const service = await AgentService.open({
    workspace,
    processes,
    store,
    ...(sessionDefaults ? { sessionDefaults } : {}),
    env: process.env,
    tools,
    gate: control.gate,
    lifecycle: control,
    warn: (message) => log.warn(message),
  });
  listening.serve(service, { control, ...(token ? { token } : {}) });
  const { server, address } = listening;
  process.stdout.write(`listening ${address}\n`);
  log.info("listening", { address });
  if (toolsCommand) startToolsCommand(toolsCommand, { processes, workspace: workspace.root, log });
  const stop = () => {
    service.cancelAll();
    server.tryShutdown(() => void (tracing?.shutdown() ?? Promise.resolve()).finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** checkListenAuth as a usage error; returns its warning. */
function listenAuth(listen: string, token: string | undefined): string | undefined {
  const auth = checkListenAuth(listen, token);
  if (auth.refuse) throw new UsageError(auth.refuse);
  return auth.warn;
}

/** `--attach FIFO` taken out of the command line. */
function attachOption(argv: string[]): { fifo: string | undefined; rest: string[] } {
  const at = argv.findIndex((arg) => arg === "--attach" || arg.startsWith("--attach="));
  if (at < 0) return { fifo: undefined, rest: argv };
  const fifo = argv[at] === "--attach" ? argv[at + 1] : argv[at]!.slice("--attach=".length);
  if (!fifo) throw new UsageError(`--attach needs a path\n${USAGE}`);
  return { fifo, rest: [...argv.slice(0, at), ...argv.slice(argv[at] === "--attach" ? at + 2 : at + 1)] };
}

/**
 * With `--attach FIFO` (in a box), the agent starts before its box exists: the guest's attach
 * step (guest/init/attach) writes `{"args": [...], "env": {...}}` into the fifo once the box's
 * shares are mounted, so a VM can be saved as a template while the agent waits here. Returns
 * the arguments, which come before the command line's own; the environment is merged in.
 * Read without blocking the event loop: calls that arrive meanwhile wait for attach.
 */
async function attachedArgs(fifo: string): Promise<string[]> {
  const text = await readFile(fifo, "utf8");
  let attached: unknown;
  try {
    attached = JSON.parse(text);
  } catch {
    attached = undefined;
  }
  if (typeof attached !== "object" || attached === null) {
    throw new UsageError(text ? `--attach: ${fifo} held no JSON object` : `--attach: the attach step gave no settings (see the console above)`);
  }
  const { args, env } = attached as { args?: unknown; env?: unknown };
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === "string")) throw new UsageError(`--attach: "args" must be a list of strings`);
  if (typeof env !== "object" || env === null || !Object.values(env).every((value) => typeof value === "string")) {
    throw new UsageError(`--attach: "env" must map names to strings`);
  }
  Object.assign(process.env, env);
  return args as string[];
}

/** The write and edit tools refuse these; default: common/protected-paths.ts. */
function protectedPaths(list: string | undefined): readonly string[] {
  if (list === undefined) return DEFAULT_PROTECTED_PATHS;
  const entries = list.split(",").filter(Boolean);
  for (const entry of entries) {
    const problem = protectedPathProblem(entry);
    if (problem) throw new UsageError(`--protected-paths: ${problem}`);
  }
  return entries;
}

function positiveInteger(text: string, flag: string, unit = "milliseconds"): number {
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`${flag} needs a whole number of ${unit}, got "${text}"`);
  return Number(text);
}

/** `--tools-command '["program", "arg", …]'`: what the box starts in its tools' namespaces. */
function toolsCommandOf(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  let argv: unknown;
  try {
    argv = JSON.parse(text);
  } catch {
    throw new UsageError(`--tools-command needs a JSON array of strings, got ${JSON.stringify(text)}`);
  }
  const problem = toolsCommandProblem(argv);
  if (problem) throw new UsageError(`--tools-command ${problem}`);
  return argv as string[];
}

/** With --tool-cgroup (in a box), every tool, skill and hook program runs under limits; see limits/tool-cgroups.ts. */
async function toolProcesses(values: { "tool-cgroup"?: string; "tool-processes"?: string; "tool-memory-mib"?: string }): Promise<ToolProcesses> {
  const root = values["tool-cgroup"];
  if (root === undefined) {
    if (values["tool-processes"] !== undefined || values["tool-memory-mib"] !== undefined) throw new UsageError("--tool-processes and --tool-memory-mib need --tool-cgroup");
    return unlimitedProcesses;
  }
  const limits = {
    processes: values["tool-processes"] ? positiveInteger(values["tool-processes"], "--tool-processes", "processes") : DEFAULT_TOOL_PROCESSES,
    memoryMiB: values["tool-memory-mib"] ? positiveInteger(values["tool-memory-mib"], "--tool-memory-mib", "MiB") : defaultToolMemoryMiB(totalmem() / 2 ** 20),
  };
  try {
    return await ToolCgroups.open(root, limits);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`a3s-box agent: ${(err as Error).message}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
