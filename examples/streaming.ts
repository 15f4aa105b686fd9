// Print the answer as it streams. Run an agent first, then:
//   npx tsx examples/streaming.ts
import { A3sClient } from "@a3s-lab/box";

const client = new A3sClient();
try {
  const sessionId = await client.createSession();
  for await (const chunk of client.stream(sessionId, "Write a haiku about isolation.")) {
    switch (chunk.type) {
      case "text-delta":
        process.stdout.write(chunk.textDelta);
        break;
      case "reasoning-delta":
        process.stdout.write(`(${chunk.reasoningDelta})`);
        break;
      case "error":
        console.error(`\nerror ${chunk.error.code}: ${chunk.error.message}`);
        break;
      case "finish":
        console.log(`\n[finish: ${chunk.finish.finishReason}, ${chunk.finish.usage.outputTokens} output tokens]`);
        break;
    }
  }
  await client.destroySession(sessionId);
} finally {
  client.close();
}
