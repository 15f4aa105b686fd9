/**
 * The calls one client has in flight, so that closing it ends them although the channel
 * they run on is shared with other clients and stays open.
 */
import * as grpc from "@grpc/grpc-js";

export class CallTracker {
  private readonly calls = new Set<grpc.InterceptingCall>();

  /** Add to the client's interceptors: registers each call until its status arrives. */
  readonly interceptor: grpc.Interceptor = (options, nextCall) => {
    const call: grpc.InterceptingCall = new grpc.InterceptingCall(
      nextCall(options),
      new grpc.RequesterBuilder()
        .withStart((metadata, listener, next) => {
          next(metadata, new grpc.ListenerBuilder().withOnReceiveStatus((status, nextStatus) => {
            this.calls.delete(call);
            nextStatus(status);
          }).build());
        })
        .build(),
    );
    this.calls.add(call);
    return call;
  };

  /** Ends every call still in flight with CANCELLED. */
  cancelAll(): void {
    for (const call of [...this.calls]) call.cancelWithStatus(grpc.status.CANCELLED, "the client was closed");
    this.calls.clear();
  }
}
