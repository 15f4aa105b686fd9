// The design's "TypeScript SDK" snippet (A3S-Lab/Box README), run as written against a
// running agent; only the lines marked "added" are not the design's: they print what the
// snippet computes, so a test can see it.
//   npx tsx examples/design-typescript-sdk.ts
import { A3sClient, getConfig } from "@a3s-lab/box";

const config = getConfig();
const client = new A3sClient({ address: config.serverAddress });

// Create session
const sessionId = await client.createSession({
  system: "You are a helpful assistant.",
  model: config.model,
});

// Generate response
const response = await client.generate(sessionId, "Hello!");
console.log(response.text); // added

// Stream response
for await (const chunk of client.stream(sessionId, "Explain closures")) {
  if (chunk.textDelta) process.stdout.write(chunk.textDelta);
}
console.log(); // added

// Generate structured object
const { object } = await client.generateObject(sessionId, "Create a task", {
  type: "object",
  properties: {
    title: { type: "string" },
    priority: { type: "string", enum: ["low", "medium", "high"] },
  },
});
console.log(JSON.stringify(object)); // added

// Cleanup
await client.destroySession(sessionId);
client.close();
