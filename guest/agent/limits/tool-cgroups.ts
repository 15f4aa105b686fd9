/**
 * Tool processes in a box: every program a tool, skill or hook runs lives in a cgroup v2
 * group of its own call, below its session's group, below the box's tools group; each level
 * has pids.max and memory.max. The program joins its group itself before it runs anything
 * (guest/init/tool-shell writes cgroup.procs), so nothing it starts is ever outside. Timeout,
 * cancel and a hit process limit kill the whole group (cgroup.kill), `setsid` children
 * included; going over memory.max kills the whole group too (memory.oom.group).
 */
import { watch, writeFileSync } from "node:fs";
import { mkdir, readFile, readdir, rmdir } from "node:fs/promises";
import { join } from "node:path";
import { runProcess, type RunProcessOptions } from "../../../common/node/run-process";
import { scrubbedEnv } from "../../../common/node/scrubbed-env";
import type { ToolLimits } from "../../../common/tool-limits";
import type { LimitHit, ToolProcesses, ToolProcessOutcome } from "./tool-processes";

/** How long a killed group may take to empty before its folder is left for later. */
const EMPTY_WAIT_MS = 5_000;

export class ToolCgroups implements ToolProcesses {
  private calls = 0;
  private readonly sessions = new Map<string, Promise<string>>();

  private constructor(
    private readonly root: string,
    private readonly limits: ToolLimits,
  ) {}

  /** `root` is a cgroup v2 folder with the pids and memory controllers (init makes it). */
  static async open(root: string, limits: ToolLimits): Promise<ToolCgroups> {
    try {
      limitGroup(root, limits);
      handDown(root);
    } catch (err) {
      throw new Error(`cannot limit tool processes in the cgroup ${root}: ${(err as Error).message}`);
    }
    return new ToolCgroups(root, limits);
  }

  async run(sessionId: string, options: RunProcessOptions): Promise<ToolProcessOutcome> {
    const call = join(await this.sessionGroup(sessionId), `call-${++this.calls}`);
    await mkdir(call);
    limitGroup(call, this.limits);
    writeFileSync(join(call, "memory.oom.group"), "1");
    const limited = new AbortController();
    let hit: LimitHit | undefined;
    // A fork bomb does not end by itself at pids.max: the first refused fork ends the call.
    const watcher = watch(join(call, "pids.events"), () => {
      void eventCount(call, "pids.events", "max").then((refused) => {
        if (refused > 0 && !hit) {
          hit = { kind: "processes", processes: this.limits.processes };
          limited.abort();
        }
      });
    });
    try {
      const out = await runProcess({
        ...options,
        env: { ...(options.env ?? scrubbedEnv()), A3S_TOOL_CGROUP: call },
        signal: options.signal ? AbortSignal.any([options.signal, limited.signal]) : limited.signal,
        killAlso: () => killGroup(call),
      });
      if (!hit && (await eventCount(call, "memory.events", "oom_kill")) > 0) hit = { kind: "memory", memoryMiB: this.limits.memoryMiB };
      return hit ? { ...out, limitHit: hit } : out;
    } finally {
      watcher.close();
      // Still populated when the program left background children: they live until the session ends.
      await rmdir(call).catch(() => undefined);
    }
  }

  async endSession(sessionId: string): Promise<void> {
    const group = await this.sessions.get(sessionId);
    if (group === undefined) return;
    this.sessions.delete(sessionId);
    killGroup(group);
    await untilEmpty(group);
    for (const call of await readdir(group, { withFileTypes: true })) if (call.isDirectory()) await rmdir(join(group, call.name)).catch(() => undefined);
    await rmdir(group).catch(() => undefined);
  }

  private sessionGroup(sessionId: string): Promise<string> {
    let group = this.sessions.get(sessionId);
    if (!group) {
      const dir = join(this.root, `session-${sessionId.replace(/[^A-Za-z0-9_-]/g, "_")}`);
      group = mkdir(dir, { recursive: true })
        .then(() => {
          limitGroup(dir, this.limits);
          handDown(dir);
        })
        .then(() => dir);
      group.catch(() => this.sessions.delete(sessionId));
      this.sessions.set(sessionId, group);
    }
    return group;
  }
}

// Written synchronously: a cgroup file's write returns at once, and each of fs/promises'
// open, write and close is a trip through libuv's threads, slow on a box's one emulated CPU.
function limitGroup(dir: string, limits: ToolLimits): void {
  writeFileSync(join(dir, "pids.max"), String(limits.processes));
  writeFileSync(join(dir, "memory.max"), String(limits.memoryMiB * 1024 * 1024));
  try {
    writeFileSync(join(dir, "memory.swap.max"), "0");
  } catch {
    // only where the kernel has swap accounting
  }
}

/** Hands the pids and memory controllers on to the group's children (then it may hold no process itself). */
function handDown(dir: string): void {
  writeFileSync(join(dir, "cgroup.subtree_control"), "+pids +memory");
}

function killGroup(dir: string): void {
  try {
    writeFileSync(join(dir, "cgroup.kill"), "1");
  } catch {
    // the group is gone already
  }
}

/** The counter `key` of a flat-keyed cgroup file (`pids.events`, `memory.events`). */
async function eventCount(dir: string, file: string, key: string): Promise<number> {
  const text = await readFile(join(dir, file), "utf8").catch(() => "");
  const line = text.split("\n").find((l) => l.startsWith(`${key} `));
  return line ? Number(line.slice(key.length + 1)) : 0;
}

/** Resolves once no process is left in the group (cgroup.events says so and notifies its changes). */
async function untilEmpty(dir: string): Promise<void> {
  const events = join(dir, "cgroup.events");
  const empty = async () => (await readFile(events, "utf8").catch(() => "populated 0")).includes("populated 0");
  if (await empty()) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      watcher.close();
      clearTimeout(timer);
      resolve();
    };
    const watcher = watch(events, () => void empty().then((yes) => yes && done()));
    const timer = setTimeout(done, EMPTY_WAIT_MS);
  });
}
