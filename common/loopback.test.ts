import { expect, it } from "vitest";
import { isLoopbackHost } from "./loopback";

it("knows the loopback names and addresses, and nothing else", () => {
  for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackHost(host), host).toBe(true);
  for (const host of ["0.0.0.0", "::", "", "10.0.2.15", "127.example.com", "localhost.evil", "1127.0.0.1", "::ffff:10.0.0.1"]) {
    expect(isLoopbackHost(host), host).toBe(false);
  }
});
