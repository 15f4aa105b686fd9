// run_node: reads {"code", "timeout_ms"} on stdin, runs the code with this Node, prints its output.
// In a box this Node runs only through its loader: A3S_NODE names the command that does that.
import { spawnSync } from "node:child_process";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { code, timeout_ms: timeoutMs = 60_000 } = JSON.parse(input);
const done = spawnSync(process.env.A3S_NODE || process.execPath, ["-e", code], { encoding: "utf8", timeout: timeoutMs, killSignal: "SIGKILL", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 * 1024 * 1024 });
if (done.error?.code === "ETIMEDOUT") {
  process.stderr.write(`the code did not finish within ${timeoutMs / 1000} s and was stopped\n`);
  process.exit(1);
}
process.stdout.write(`stdout:\n${done.stdout}\nstderr:\n${done.stderr}\nexit code: ${done.status ?? `killed by ${done.signal}`}\n`);
