/** What the first bytes a client sends through a tunnel say about TLS. */
export type ClientHelloSni =
  | { kind: "not-tls" }
  /** More bytes are needed to decide. */
  | { kind: "incomplete" }
  | { kind: "tls"; serverName: string | undefined };

/** A ClientHello larger than this is refused rather than buffered. */
export const MAX_CLIENT_HELLO_BYTES = 16 * 1024 + 5;

/**
 * Reads the server name (SNI, RFC 6066) from a TLS ClientHello at the start of `data`. Only
 * the first handshake record is read; a hello split over several records (legal, never seen
 * from common clients) counts as one without a name.
 */
export function readClientHelloSni(data: Buffer): ClientHelloSni {
  if (data.length < 1) return { kind: "incomplete" };
  if (data[0] !== 0x16) return { kind: "not-tls" };
  if (data.length < 5) return { kind: "incomplete" };
  if (data[1] !== 0x03) return { kind: "not-tls" };
  const recordLength = data.readUInt16BE(3);
  if (data.length < 5 + recordLength) return { kind: "incomplete" };
  const hello = data.subarray(5, 5 + recordLength);
  return { kind: "tls", serverName: serverNameOf(hello) };
}

function serverNameOf(hello: Buffer): string | undefined {
  // Handshake header (type 1 = ClientHello, 3-byte length), version, random.
  if (hello[0] !== 0x01) return undefined;
  let at = 4 + 2 + 32;
  const skip = (lengthBytes: 1 | 2): boolean => {
    if (at + lengthBytes > hello.length) return false;
    at += lengthBytes + (lengthBytes === 1 ? hello[at]! : hello.readUInt16BE(at));
    return at <= hello.length;
  };
  // Session id, cipher suites, compression methods.
  if (!skip(1) || !skip(2) || !skip(1)) return undefined;
  if (at + 2 > hello.length) return undefined;
  const end = Math.min(hello.length, at + 2 + hello.readUInt16BE(at));
  at += 2;
  while (at + 4 <= end) {
    const type = hello.readUInt16BE(at);
    const length = hello.readUInt16BE(at + 2);
    at += 4;
    if (type === 0x0000 && at + 5 <= end) {
      // server_name_list: list length, then (name type 0 = host_name, 2-byte length, name).
      if (hello[at + 2] !== 0x00) return undefined;
      const nameLength = hello.readUInt16BE(at + 3);
      if (at + 5 + nameLength > end) return undefined;
      return hello.subarray(at + 5, at + 5 + nameLength).toString("latin1").toLowerCase();
    }
    at += length;
  }
  return undefined;
}
