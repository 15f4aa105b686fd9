// What the share benchmarks (ninep-bench.ts, share-soak.ts) need alike: a host folder with a
// git repository of many files, and the agent's bash tool in a box, timed and bounded on the host.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Box } from "../runtime/box/box";
import type { ModelServer } from "../test/model-server/model-server";
import { reply, toolCalls } from "../test/model-server/script";

/** A new folder holding `repo/`: `files` small files in folders of 50, committed. */
export function makeRepoWorkspace(files: number): string {
  const workspace = mkdtempSync(join(tmpdir(), "share-bench-"));
  const repo = join(workspace, "repo");
  mkdirSync(repo);
  for (let i = 0; i < files; i++) {
    const dir = join(repo, `d${Math.floor(i / 50)}`);
    if (i % 50 === 0) mkdirSync(dir);
    writeFileSync(join(dir, `f${i}.txt`), `line ${i}\n`);
  }
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...args], { cwd: repo });
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "files");
  return workspace;
}

/** The bash tool's call did not come back within the bound (the box is left as it is). */
export class BoxCallTimeout extends Error {}

/**
 * One bash tool call in the box: its output, and milliseconds from the tool-call chunk to its
 * result (host clock). Rejects with BoxCallTimeout after `boundMs`, and when the command fails.
 */
export async function boxBash(box: Box, models: ModelServer, command: string, boundMs = 30 * 60_000): Promise<{ output: string; ms: number }> {
  models.script(toolCalls([{ name: "bash", args: { command, timeout_ms: boundMs + 30_000 } }]), reply("ok"));
  const session = await box.client.createSession();
  const call = (async () => {
    let callAt = 0;
    let resultAt = 0;
    let output = "";
    for await (const chunk of box.client.stream(session, "go")) {
      if (chunk.type === "tool-call") callAt = performance.now();
      if (chunk.type === "tool-result") {
        resultAt = performance.now();
        output = chunk.toolResult.output;
        if (!output.endsWith("exit code: 0")) throw new Error(`${command} failed in the box: ${output}`);
      }
    }
    return { output, ms: resultAt - callAt };
  })();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The hung call's last reply stays queued: the next call must not be answered with it.
      models.reset();
      reject(new BoxCallTimeout(`no answer within ${boundMs / 1000} s: ${command}`));
    }, boundMs);
  });
  // A call that outlives its bound fails later, when the box is stopped: nobody waits for it then.
  call.catch(() => {});
  try {
    return await Promise.race([call, bound]);
  } finally {
    clearTimeout(timer);
  }
}
