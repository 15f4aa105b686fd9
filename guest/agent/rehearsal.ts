import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bearerMetadata, createAgentClient } from "../../common/node/agent-grpc";
import { DEFAULT_PROTECTED_PATHS, protectedPathProblem } from "../../common/protected-paths";
import { AgentService } from "./agent-service";
import { ControlPlane } from "./control/control-plane";
import { startAgentServer } from "./server";
import { openSessionStore } from "./session/open-session-store";
import { createBuiltinRegistry } from "./tools/builtin";
import { Workspace } from "./tools/workspace";

/**
 * What the agent runs once it is attached, run once before a snapshot template is saved
 * (`--rehearse`, given by guest/init/agent-ns to template VMs only): its box opened on a
 * scratch workspace and state folder, served on a loopback port under a throwaway token, and
 * asked what a host asks first (HealthCheck, ListSessions). V8 keeps the functions it compiled
 * in the template's RAM, so a box restored from it does not compile them again. Everything is
 * closed and removed afterwards; nothing of it is a box's (no session is made: a session id
 * would come from crypto.randomUUID, whose cached entropy a template must not hold).
 */
export async function rehearseAttached(skillsDir: string): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), "a3s-rehearsal-"));
  try {
    const [root, stateDir] = [join(scratch, "workspace"), join(scratch, "state")];
    await Promise.all([mkdir(root), mkdir(stateDir)]);
    const tools = createBuiltinRegistry(process.env);
    const skills = await ControlPlane.readBuiltinSkills(tools, skillsDir, () => {});
    // The box's list comes through attach and is checked there: its pattern is compiled now.
    for (const entry of DEFAULT_PROTECTED_PATHS) protectedPathProblem(entry);
    const workspace = new Workspace(root, DEFAULT_PROTECTED_PATHS);
    const control = await ControlPlane.open({ tools, skills, workspace, stateDir, warn: () => {} });
    const store = await openSessionStore("file", stateDir);
    const service = await AgentService.open({ workspace, store, env: process.env, tools, gate: control.gate, lifecycle: control, warn: () => {} });
    const token = randomBytes(32).toString("hex");
    const { server, address } = await startAgentServer(service, { listen: "127.0.0.1:0", token, control });
    const client = createAgentClient(address);
    try {
      const metadata = bearerMetadata(token);
      await new Promise((resolve, reject) => client.HealthCheck({}, metadata, (error, answer) => (error ? reject(error) : resolve(answer))));
      await new Promise((resolve, reject) => client.ListSessions({}, metadata, (error, answer) => (error ? reject(error) : resolve(answer))));
    } finally {
      client.close();
      server.forceShutdown();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
