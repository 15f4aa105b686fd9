// A template VM's agent rehearses what it runs once attached (--rehearse, guest/agent/rehearsal.ts)
// before the template is saved: what it opened for that must be gone when it waits for its box
// (a template holds no box, no server but the agent's own, no scratch files), and the box
// attached afterwards answers only its own token and holds nothing of the rehearsal (no session).
// The built agent as a real process, a real fifo, real gRPC.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdirSync, readdirSync, readFileSync, readlinkSync, watch } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { A3sClient } from "../../client/index";
import { ErrorCodes } from "../../common/errors";
import { agentBundle, tempDir } from "../helpers/agent-process";
import { childEnv } from "../helpers/child-env";

const dir = tempDir("a3s-rehearsal-test-");
afterAll(() => dir.remove());

/** The inodes of the TCP sockets process `pid` holds, by state: listening, or any other. */
function tcpSockets(pid: number): { listening: string[]; other: string[] } {
  const held = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]].filter((inode): inode is string => inode !== undefined);
      } catch {
        return [];
      }
    }),
  );
  const sockets = { listening: [] as string[], other: [] as string[] };
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local address, remote address, state (0A: listening), …, inode
      if (fields.length < 10 || !held.has(fields[9]!)) continue;
      (fields[3] === "0A" ? sockets.listening : sockets.other).push(`${fields[1]} ${fields[3]}`);
    }
  }
  return sockets;
}

it("leaves no server, connection, file or session of its rehearsal behind, and the box attached after it answers only its own token", async () => {
  const fifo = join(dir.path, "attach");
  const tmp = join(dir.path, "tmp");
  const workspace = join(dir.path, "workspace");
  mkdirSync(tmp);
  mkdirSync(workspace);
  execFileSync("mkfifo", [fifo]);
  const made: string[] = [];
  const watcher = watch(tmp, (_event, name) => name && made.push(name));
  const agent = spawn(process.execPath, [agentBundle, "--listen", `unix:${fifo}.sock`, "--attach", fifo, "--rehearse"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...childEnv(), TMPDIR: tmp },
  });
  let stderr = "";
  agent.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const client = new A3sClient({ address: `unix:${fifo}.sock`, token: "box-token" });
  try {
    // The agent opens its fifo once it is ready to be attached: its rehearsal is over.
    const writer = createWriteStream(fifo);
    await once(writer, "open");
    // The rehearsal did happen (its scratch folder was made here), and left nothing.
    expect(made.some((name) => name.startsWith("a3s-rehearsal-"))).toBe(true);
    expect(stderr).toBe("");
    expect(readdirSync(tmp)).toEqual([]);
    expect(tcpSockets(agent.pid!)).toEqual({ listening: [], other: [] });
    writer.end(JSON.stringify({ args: ["--token", "box-token", "--workspace", workspace, "--state-dir", join(dir.path, "state")], env: {} }));
    expect(await client.healthCheck()).toMatchObject({ status: "ok", sessionCount: 0 });
    expect(await client.listSessions()).toEqual([]);
    const stranger = new A3sClient({ address: `unix:${fifo}.sock` });
    await expect(stranger.healthCheck()).rejects.toMatchObject({ code: ErrorCodes.UNAUTHENTICATED });
    stranger.close();
  } finally {
    watcher.close();
    client.close();
    agent.kill("SIGKILL");
    await once(agent, "exit").catch(() => {});
  }
});
