import { A3sError, ErrorCodes } from "../../../common/errors";

/** The error of a write to a protected path, naming the protection. */
export function protectedPathError(path: string, entry: string): A3sError {
  return new A3sError(
    ErrorCodes.PERMISSION_DENIED,
    `"${path}" is a protected path (${entry}): it is read-only in this box, because programs on the host (git) would run what it says; ` +
      "the box's protectedPaths option lists these paths",
  );
}

/** A write that the box's read-only mounts refused, as the same clear error. */
export function asProtectedPathError(err: unknown, path: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "EROFS" || code === "EBUSY" ? protectedPathError(path, "read-only in this box") : err;
}
