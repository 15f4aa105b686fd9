import { connect, type Socket } from "node:net";

/**
 * Joins a guest's connection to a host service on 127.0.0.1:`port` (the gateway, the egress
 * proxy), half-open on both sides: a guest that finishes sending still gets the whole answer.
 * The server that accepted `guest` must allow half-open sockets too.
 */
export function joinToHostPort(guest: Socket, port: number): void {
  const service = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
  guest.pipe(service).pipe(guest);
  guest.on("error", () => service.destroy());
  service.on("error", () => guest.destroy());
  guest.on("close", () => service.destroy());
  service.on("close", () => guest.destroy());
}
