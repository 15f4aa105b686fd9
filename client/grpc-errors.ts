import type { ServiceError } from "@grpc/grpc-js";
import { A3sError, ERROR_CODE_METADATA_KEY, errorCodeForGrpcStatus, isErrorCode } from "../common/errors";

/** A gRPC failure as the A3sError the agent meant (its code travels in trailing metadata). */
export function fromGrpcError(err: unknown, address: string): A3sError {
  if (A3sError.is(err)) return err;
  const grpcError = err as Partial<ServiceError>;
  if (typeof grpcError.code !== "number") return A3sError.from(err);
  const sent = grpcError.metadata?.get(ERROR_CODE_METADATA_KEY)[0];
  const code = isErrorCode(sent) ? sent : errorCodeForGrpcStatus(grpcError.code);
  const details = grpcError.details || grpcError.message || "unknown error";
  const message = grpcError.code === 14 && !isErrorCode(sent) ? `cannot reach the agent at ${address}: ${details}` : details;
  return new A3sError(code, message, { cause: err });
}
