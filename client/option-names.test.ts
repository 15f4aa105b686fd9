import { expect, it } from "vitest";
import { ErrorCodes } from "../common/errors";
import { A3sClient } from "./a3s-client";

// Plain JavaScript callers: options the TypeScript types would refuse arrive anyway.
const loose = (value: object) => value as never;

it("refuses an unknown session option by name before anything is sent, with the design's name as a hint", async () => {
  // Nothing listens on port 1: a request that got as far as the network would fail UNAVAILABLE instead.
  const client = new A3sClient({ address: "127.0.0.1:1" });
  try {
    await expect(client.createSession(loose({ systemPrompt: "hi" }))).rejects.toMatchObject({
      code: ErrorCodes.INVALID_ARGUMENT,
      message: expect.stringMatching(/unknown session option "systemPrompt" \(use "system"\)/),
    });
    await expect(client.createSession(loose({ sytem: "typo" }))).rejects.toMatchObject({ message: expect.stringContaining('"sytem"') });
    await expect(client.configure("s", loose({ model: { provider: "openai", model: "gpt-4o" } }))).rejects.toMatchObject({
      code: ErrorCodes.INVALID_ARGUMENT,
      message: expect.stringContaining('unknown model field "model" (use "name")'),
    });
    await expect(client.createSession(loose({ permissionPolicy: { defaultDecision: "deny" } }))).rejects.toMatchObject({
      message: expect.stringContaining('unknown permissionPolicy field "defaultDecision" (use "default")'),
    });
    await expect(client.createSession(loose(["system"]))).rejects.toMatchObject({ message: "session option must be an object, got an array" });
    await expect(client.createSession({ system: "fine" })).rejects.toMatchObject({ code: ErrorCodes.UNAVAILABLE });
  } finally {
    client.close();
  }
});

it("refuses an unknown client option by name", () => {
  expect(() => new A3sClient(loose({ serverAddress: "localhost:4088" }))).toThrow('unknown client option "serverAddress" (use "address")');
});
