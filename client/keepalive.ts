/**
 * An agent that stops answering fails the calls on it instead of hanging them. A frozen box
 * (guest kernel hang, QEMU stopped) keeps its TCP connection open through QEMU's user
 * network, so nothing but the client's own HTTP/2 pings notices; and a call made after that
 * would wait forever for the HTTP/2 handshake of a new connection, which grpc-js does not time.
 */
import * as grpc from "@grpc/grpc-js";
import type { KeepaliveOptions } from "./client-types";

/**
 * Ping after 15 s of a call's life without a ping, give up 20 s after a ping unanswered: a
 * TCG box under load can stall its agent's event loop for seconds, and a ping costs a frame.
 */
export const DEFAULT_KEEPALIVE: KeepaliveOptions = { timeMs: 15_000, timeoutMs: 20_000 };

export function keepaliveChannelOptions(keepalive: KeepaliveOptions): grpc.ChannelOptions {
  return {
    "grpc.keepalive_time_ms": keepalive.timeMs,
    "grpc.keepalive_timeout_ms": keepalive.timeoutMs,
    // An idle channel (a box nobody talks to) sends nothing; the first call after an idle spell
    // pings at once (grpc-js sends the ping it held back), so a box that froze meanwhile is found.
    "grpc.keepalive_permit_without_calls": 0,
  };
}

/**
 * Add to the client's interceptors: a call dropped by a failed keepalive says so, and a call
 * that has no connection within the keepalive timeout is ended with UNAVAILABLE.
 */
export function livenessInterceptor(channel: grpc.Channel, keepalive: KeepaliveOptions): grpc.Interceptor {
  const seconds = keepalive.timeoutMs / 1000;
  const ready = () => channel.getConnectivityState(false) === grpc.connectivityState.READY;
  return (options, nextCall) => {
    let timer: NodeJS.Timeout | undefined;
    const call: grpc.InterceptingCall = new grpc.InterceptingCall(
      nextCall(options),
      new grpc.RequesterBuilder()
        .withStart((metadata, listener, next) => {
          if (!ready()) {
            timer = setTimeout(() => {
              if (!ready()) call.cancelWithStatus(grpc.status.UNAVAILABLE, `it stopped answering (no connection within ${seconds} s)`);
            }, keepalive.timeoutMs).unref();
          }
          next(metadata, new grpc.ListenerBuilder().withOnReceiveStatus((status, nextStatus) => {
            clearTimeout(timer);
            // grpc-js's words for a connection it closed after an unanswered ping, or that the peer closed.
            const dropped = status.code === grpc.status.UNAVAILABLE && status.details === "Connection dropped";
            nextStatus(dropped ? { ...status, details: `it stopped answering (no reply to keepalive within ${seconds} s) or closed the connection` } : status);
          }).build());
        })
        .build(),
    );
    return call;
  };
}
