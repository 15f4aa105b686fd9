/**
 * Whether `host` (a name or an address, without port or brackets) only ever means this
 * machine: "localhost", 127.0.0.0/8, ::1 and IPv4-mapped 127.x.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}
