import { A3sError, ErrorCodes } from "../../common/errors";

/** An image problem the user can act on (bad reference, failed digest, unsupported format). */
export function imageError(message: string, cause?: unknown): A3sError {
  return new A3sError(ErrorCodes.IMAGE_ERROR, message, cause === undefined ? undefined : { cause });
}

export function imageNotFound(message: string): A3sError {
  return new A3sError(ErrorCodes.NOT_FOUND, message);
}
