import * as grpc from "@grpc/grpc-js";
import { A3sError, ErrorCodes } from "../../common/errors";
import { toServiceError } from "../../common/node/grpc-status";

/** A unary CRI method: request in, response out; thrown errors become gRPC statuses. */
export type CriHandler = (request: never) => unknown;
export type CriHandlers = Record<string, CriHandler>;

/**
 * grpc-js handlers for every method of `service`: the implemented ones through `handlers`,
 * the rest answering UNIMPLEMENTED with a message that names the method.
 */
export function serviceHandlers(service: grpc.ServiceDefinition, handlers: CriHandlers): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(service)) {
    const handler = handlers[name];
    if (method.requestStream || method.responseStream) {
      implementation[name] = (call: grpc.ServerWritableStream<unknown, unknown>) => call.emit("error", unimplemented(name));
      continue;
    }
    implementation[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      if (!handler) return callback(unimplemented(name));
      Promise.resolve()
        .then(() => handler(call.request as never))
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(toServiceError(error)),
        );
    };
  }
  return implementation;
}

function unimplemented(name: string): Partial<grpc.StatusObject> {
  return { code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by a3s-box (see docs/kubernetes.md for what is)` };
}

/** INVALID_ARGUMENT naming what is wrong with a request. */
export function invalidRequest(message: string): A3sError {
  return new A3sError(ErrorCodes.INVALID_ARGUMENT, message);
}

/** NOT_FOUND for a sandbox, container or image id. */
export function notFound(message: string): A3sError {
  return new A3sError(ErrorCodes.NOT_FOUND, message);
}
