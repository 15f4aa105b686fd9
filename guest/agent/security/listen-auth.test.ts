import { expect, it } from "vitest";
import { checkListenAuth } from "./listen-auth";

it("refuses every listener other machines can reach when there is no token", () => {
  for (const listen of ["0.0.0.0:4088", "[::]:4088", "10.0.2.15:4088", "192.168.1.5:0", "example.com:4088", ":4088"]) {
    expect(checkListenAuth(listen, undefined).refuse, listen).toMatch(/without --token/);
  }
});

it("warns on loopback without a token, and neither warns nor refuses with one", () => {
  for (const listen of ["127.0.0.1:4088", "127.1.2.3:0", "localhost:4088", "[::1]:4088"]) {
    expect(checkListenAuth(listen, undefined), listen).toEqual({ warn: expect.stringContaining("any process on this host") });
  }
  expect(checkListenAuth("0.0.0.0:4088", "s3cret")).toEqual({});
  expect(checkListenAuth("unix:/run/agent.sock", undefined)).toEqual({});
});
