// Let the agent use its tools (bash, read, write, edit, grep, glob, ls) in its workspace.
//   npx tsx examples/tool-calling.ts
import { A3sClient } from "@a3s-lab/box";

const client = new A3sClient();
try {
  const sessionId = await client.createSession({ maxSteps: 10 });
  const stream = client.stream(sessionId, "Create hello.txt containing 'hello', then show me the folder listing.");
  for await (const chunk of stream) {
    if (chunk.type === "tool-call") console.log(`→ ${chunk.toolCall.name} ${JSON.stringify(chunk.toolCall.args)}`);
    if (chunk.type === "tool-result") {
      const { name, isError, output } = chunk.toolResult;
      console.log(`← ${name}${isError ? " (error)" : ""}: ${output}`);
    }
    if (chunk.type === "text-delta") process.stdout.write(chunk.textDelta);
    if (chunk.type === "finish") console.log(`\n[${chunk.finish.finishReason}]`);
  }
  await client.destroySession(sessionId);
} finally {
  client.close();
}
