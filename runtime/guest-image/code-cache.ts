import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { mkdir, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AGENT_CODE_CACHE, AGENT_LOADER } from "../../common/agent-files";
import { checkAgentHealth } from "../vm/agent-health";
import { run } from "./exec";
import { hostGuestArch, type GuestArch } from "./guest-arch";

/** The agent's start on a loaded build machine takes seconds. */
const START_TIMEOUT_MS = 120_000;

/**
 * V8's code cache of the agent bundle, written into `layer` (the agent layer's tree, /opt/a3s
 * in a box). The layer's own Node runs the agent through its loader as a box does, and the
 * agent goes through what a box's start asks of it: its start before attach, the attach (a
 * scratch workspace and state), its first HealthCheck; then the loader writes the bytecode of
 * every function compiled so far. V8 takes a cache only from its own build and flags, so the
 * guest's Node makes it, which runs here only on a Linux builder of the guest's architecture:
 * elsewhere (macOS, another architecture) the layer has no cache (false) and the agent
 * compiles at its start as before.
 */
export async function makeCodeCache(layer: string, arch: GuestArch): Promise<boolean> {
  if (!runsGuestNode(arch)) return false;
  // In the system's temporary folder: a unix socket's path has room for about 100 bytes.
  const dir = await mkdtemp(join(tmpdir(), "a3s-code-cache-"));
  const fifo = join(dir, "attach");
  const socket = join(dir, "agent.sock");
  const token = "code-cache";
  try {
    await run("mkfifo", ["-m", "600", fifo]);
    await Promise.all([mkdir(join(dir, "workspace")), mkdir(join(dir, "state"))]);
    let stderr = "";
    const agent = spawn(
      join(layer, "lib/ld.so"),
      ["--library-path", join(layer, "lib"), join(layer, "bin/node"), join(layer, AGENT_LOADER), "--listen", `unix:${socket}`, "--skills-dir", join(layer, "skills"), "--attach", fifo],
      // Nothing of the builder's environment: only the loader's order.
      { env: { A3S_CODE_CACHE_OUT: join(layer, AGENT_CODE_CACHE) }, stdio: ["ignore", "ignore", "pipe"] },
    );
    agent.stderr.setEncoding("utf8").on("data", (text: string) => (stderr = (stderr + text).slice(-2000)));
    const exited = new Promise<string>((resolve) => {
      agent.once("exit", (code, signal) => resolve(signal ? `killed by ${signal}` : `exit ${code}`));
      agent.once("error", (error) => resolve(`not started: ${error.message}`));
    });
    const stopped = exited.then((how) => Promise.reject(new Error(`the agent stopped (${how}) while its code cache was made: ${stderr.trim()}`)));
    stopped.catch(() => undefined);
    const timer = setTimeout(() => agent.kill("SIGKILL"), START_TIMEOUT_MS);
    // Resolves once the agent has opened the fifo, as a box's attach step does.
    const attached = writeFile(fifo, JSON.stringify({ args: ["--workspace", join(dir, "workspace"), "--state-dir", join(dir, "state"), "--token", token], env: {} }));
    attached.catch(() => undefined);
    try {
      await Promise.race([attached, stopped]);
      await Promise.race([checkAgentHealth(`unix:${socket}`, token, START_TIMEOUT_MS), stopped]);
      agent.kill("SIGUSR2");
      const how = await exited;
      if (how !== "exit 0") throw new Error(`the agent's loader did not write its code cache (${how}): ${stderr.trim()}`);
      return true;
    } finally {
      clearTimeout(timer);
      agent.kill("SIGKILL");
      // A write still waiting for the agent to open the fifo returns once a reader has.
      await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK).then((reader) => reader.close());
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether `host` runs the guest's Node (Linux, glibc and loader from the layer): a Linux host of the guest's architecture. */
export function runsGuestNode(arch: GuestArch, host: { platform: string; arch: string } = process): boolean {
  try {
    return host.platform === "linux" && hostGuestArch(host.arch) === arch;
  } catch {
    return false;
  }
}
