// The design's overview snippet (A3S-Lab/Box README), run as written against a running
// agent (A3S_SERVER_ADDRESS).
//   npx tsx examples/design-overview.ts
import { A3sClient } from "@a3s-lab/box";

const client = new A3sClient();
const sessionId = await client.createSession({
  system: "You are a helpful coding assistant.",
});

// Generate text
const response = await client.generate(sessionId, "Write a hello world in Python");
console.log(response.text);

// Generate structured data
const result = await client.generateObject(sessionId, "Create a user profile", {
  type: "object",
  properties: {
    name: { type: "string" },
    age: { type: "number" },
  },
});
console.log(result.object);

await client.destroySession(sessionId);
