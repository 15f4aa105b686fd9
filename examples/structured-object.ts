// Ask for JSON that matches a schema: once as a whole, once streaming partial objects.
//   npx tsx examples/structured-object.ts
import { A3sClient } from "@a3s-lab/box";

interface Recipe {
  title: string;
  minutes: number;
  ingredients: string[];
}

const schema = {
  type: "object",
  properties: {
    title: { type: "string" },
    minutes: { type: "integer", minimum: 1 },
    ingredients: { type: "array", items: { type: "string" } },
  },
  required: ["title", "minutes", "ingredients"],
  additionalProperties: false,
};

const client = new A3sClient();
try {
  const sessionId = await client.createSession();
  const { object, usage } = await client.generateObject<Recipe>(sessionId, "A quick pancake recipe.", schema);
  console.log(`${object.title}: ${object.minutes} min, ${object.ingredients.join(", ")} (${usage.outputTokens} tokens)`);

  for await (const chunk of client.streamObject<Recipe>(sessionId, "Now a quick omelette recipe.", schema)) {
    if (chunk.partialObject) console.log("partial:", JSON.stringify(chunk.partialObject));
    else console.log("final:", JSON.stringify(chunk.object));
  }
  await client.destroySession(sessionId);
} finally {
  client.close();
}
