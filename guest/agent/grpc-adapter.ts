import * as grpc from "@grpc/grpc-js";
import { A3sError, ErrorCodes } from "../../common/errors";
import { presentedToken } from "../../common/node/agent-grpc";
import { toServiceError } from "../../common/node/grpc-status";
import { tokenMatches } from "../../common/node/token";

/** Checks `authorization: Bearer <token>`; every call fails UNAUTHENTICATED without it. */
export function checkToken(metadata: grpc.Metadata, token: string | undefined): void {
  if (!token) return;
  if (!tokenMatches(presentedToken(metadata), token)) {
    throw new A3sError(ErrorCodes.UNAUTHENTICATED, "missing or wrong token: send metadata `authorization: Bearer <token>`");
  }
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
        return handler(call.request, controller.signal);
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
        return handler(call.request, (message) => call.write(message), controller.signal);
      })
      .then(
        () => call.end(),
        (err: unknown) => call.emit("error", toServiceError(err)),
      );
  };
}
