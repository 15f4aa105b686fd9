import * as grpc from "@grpc/grpc-js";
import { A3sError, ERROR_CODE_METADATA_KEY, grpcStatusFor } from "../errors";

/** An A3sError as a gRPC status, with its code in the `a3s-error-code` trailing metadata. */
export function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  const error = A3sError.from(err);
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_CODE_METADATA_KEY, error.code);
  return { code: grpcStatusFor(error.code), details: error.message, metadata };
}
