// Helpers of the tests that compare boxes started side by side (from templates, from the pool).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ToolResult } from "../../common/chunks";
import type { Box } from "../../runtime/box/box";
import type { ModelServer } from "../model-server/model-server";
import { reply, toolCalls } from "../model-server/script";

/** A workspace `name` under `parent` holding one file, `NAME.txt`, that names it. */
export function namedWorkspace(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  writeFileSync(join(dir, `${name}.txt`), `${name}\n`);
  return dir;
}

/**
 * A turn of two model requests and one small command takes seconds even on a loaded machine;
 * one that has not ended by then hangs, and the test says where instead of waiting for its own timeout.
 */
export const TURN_LIMIT_MS = 5 * 60_000;

/** Runs `command` with the box's bash tool in a fresh session; its result and the session's id. */
export async function bashInBox(models: ModelServer, box: Box, command: string): Promise<ToolResult & { session: string }> {
  models.script(toolCalls([{ name: "bash", args: { command, timeout_ms: 60_000 } }]), reply("done"));
  const session = await box.client.createSession();
  const requestsBefore = models.requests.length;
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void box.client.cancel(session).catch(() => false);
      const seen = models.requests.length - requestsBefore;
      reject(new Error(`the turn did not end within ${TURN_LIMIT_MS / 1000} s (${seen} of its 2 model requests reached the model server)\n${box.logs().slice(-3000)}`));
    }, TURN_LIMIT_MS);
  });
  try {
    const result = await Promise.race([box.client.generate(session, "go"), hung]);
    return { ...result.toolResults[0]!, session };
  } finally {
    clearTimeout(timer);
  }
}

/** What a box shows of itself: its workspace, 16 random bytes (`rng=`), its clock (`clock=`) and its environment. */
export const SIBLING_PROBE = "ls /workspace; echo rng=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n'); echo clock=$(date +%s); env";
