// One question, one answer. Run an agent first (`npx a3s-box agent`), then:
//   npx tsx examples/basic.ts
import { A3sClient } from "@a3s-lab/box";

const client = new A3sClient(); // A3S_SERVER_ADDRESS, else localhost:4088
try {
  const health = await client.healthCheck();
  console.log(`agent ${health.version}, ${health.sessionCount} sessions`);
  const sessionId = await client.createSession({ system: "You are a concise assistant." });
  const result = await client.generate(sessionId, "In one sentence: what is a microVM?");
  console.log(result.text);
  console.log(`finish: ${result.finishReason}, tokens in/out: ${result.usage.inputTokens}/${result.usage.outputTokens}`);
  await client.destroySession(sessionId);
} finally {
  client.close();
}
