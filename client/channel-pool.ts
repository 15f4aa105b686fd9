/**
 * Connection pooling: every A3sClient of one address (and keepalive) shares one gRPC channel
 * (one connection, multiplexed); the channel closes when the last of them is closed.
 */
import * as grpc from "@grpc/grpc-js";
import type { KeepaliveOptions } from "./client-types";
import { keepaliveChannelOptions } from "./keepalive";

/** Big enough for a ReadFile of the largest file and a long history. */
const CHANNEL_OPTIONS: grpc.ChannelOptions = { "grpc.max_receive_message_length": 64 * 1024 * 1024 };

const pool = new Map<string, { channel: grpc.Channel; users: number }>();

/** The address's channel, shared; `release` (once per acquire; later calls do nothing) closes it after the last user. */
export function acquireChannel(address: string, keepalive: KeepaliveOptions): { channel: grpc.Channel; release(): void } {
  const key = `${address} ${keepalive.timeMs}/${keepalive.timeoutMs}`;
  let entry = pool.get(key);
  if (!entry) {
    const options = { ...CHANNEL_OPTIONS, ...keepaliveChannelOptions(keepalive) };
    entry = { channel: new grpc.Channel(address, grpc.credentials.createInsecure(), options), users: 0 };
    pool.set(key, entry);
  }
  entry.users++;
  const held = entry;
  let released = false;
  return {
    channel: held.channel,
    release() {
      if (released) return;
      released = true;
      if (--held.users > 0) return;
      if (pool.get(key) === held) pool.delete(key);
      held.channel.close();
    },
  };
}
