import * as grpc from "@grpc/grpc-js";
import { ROOT_CONTEXT, context, propagation } from "@opentelemetry/api";
import { A3sError, ErrorCodes } from "../../common/errors";
import { presentedToken } from "../../common/node/agent-grpc";
import { toServiceError } from "../../common/node/grpc-status";
import { tokenMatches } from "../../common/node/token";
import { metadataGetter } from "../../common/node/trace-metadata";

/** Checks `authorization: Bearer <token>`; every call fails UNAUTHENTICATED without it. */
export function checkToken(metadata: grpc.Metadata, token: string | undefined): void {
  if (!token) return;
  if (!tokenMatches(presentedToken(metadata), token)) {
    throw new A3sError(ErrorCodes.UNAUTHENTICATED, "missing or wrong token: send metadata `authorization: Bearer <token>`");
  }
}

/** The caller's trace context (`traceparent` in the metadata), so the agent's spans continue its trace. */
function callerContext(metadata: grpc.Metadata) {
  return propagation.extract(ROOT_CONTEXT, metadata, metadataGetter);
}

/** The signal aborts when the client cancels the call or goes away. */
type Unary<Req, Res> = (request: Req, signal: AbortSignal) => Promise<Res> | Res;

export function unary<Req, Res>(token: string | undefined, handler: Unary<Req, Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const controller = new AbortController();
    call.on("cancelled", () => controller.abort());
    Promise.resolve()
      .then(() => {
        checkToken(call.metadata, token);
        return context.with(callerContext(call.metadata), () => handler(call.request, controller.signal));
      })
      .then(
        (response) => callback(null, response),
        (err: unknown) => callback(toServiceError(err)),
      );
  };
}

type Streaming<Req, Res> = (request: Req, write: (message: Res) => void, signal: AbortSignal) => Promise<void>;

/** A server-streaming handler; the signal aborts when the client cancels or goes away. */
export function serverStream<Req, Res>(token: string | undefined, handler: Streaming<Req, Res>): grpc.handleServerStreamingCall<Req, Res> {
  return (call) => {
    const controller = new AbortController();
    call.on("cancelled", () => controller.abort());
    Promise.resolve()
      .then(() => {
        checkToken(call.metadata, token);
        return context.with(callerContext(call.metadata), () => handler(call.request, (message) => call.write(message), controller.signal));
      })
      .then(
        () => call.end(),
        (err: unknown) => call.emit("error", toServiceError(err)),
      );
  };
}
