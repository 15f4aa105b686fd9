/**
 * Errors with a stable string `code` that survive every process boundary: gRPC (status +
 * `a3s-error-code` metadata), IPC and WebSocket (`{ code, message }`). `instanceof` fails
 * across realms, so recognise them with `A3sError.is`.
 */
export const ErrorCodes = {
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  NOT_FOUND: "NOT_FOUND",
  SESSION_NOT_FOUND: "SESSION_NOT_FOUND",
  ALREADY_EXISTS: "ALREADY_EXISTS",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  PERMISSION_DENIED: "PERMISSION_DENIED",
  PATH_OUTSIDE_WORKSPACE: "PATH_OUTSIDE_WORKSPACE",
  CANCELLED: "CANCELLED",
  TIMEOUT: "TIMEOUT",
  BUSY: "BUSY",
  UNAVAILABLE: "UNAVAILABLE",
  PROVIDER_AUTH: "PROVIDER_AUTH",
  PROVIDER_RATE_LIMITED: "PROVIDER_RATE_LIMITED",
  PROVIDER_ERROR: "PROVIDER_ERROR",
  /** The box's model budget (calls or tokens) is spent, or the provider's credit is. */
  BUDGET_EXHAUSTED: "BUDGET_EXHAUSTED",
  SCHEMA_VALIDATION: "SCHEMA_VALIDATION",
  SKILL_INVALID: "SKILL_INVALID",
  VM_UNAVAILABLE: "VM_UNAVAILABLE",
  VM_BOOT_FAILED: "VM_BOOT_FAILED",
  VM_FAILED: "VM_FAILED",
  IMAGE_ERROR: "IMAGE_ERROR",
  INTERNAL: "INTERNAL",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

const MARKER = Symbol.for("a3s.box.error");

export class A3sError extends Error {
  readonly [MARKER] = true;
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "A3sError";
    this.code = code;
    this.details = options?.details;
  }

  static is(value: unknown, code?: ErrorCode): value is A3sError {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { [MARKER]?: unknown })[MARKER] === true &&
      (code === undefined || (value as A3sError).code === code)
    );
  }

  /**
   * Any thrown value as an A3sError: a system error (Node's `code: "ENOENT"` and kin) or an
   * abort gets the code that says what happened; anything else becomes INTERNAL. The message
   * is kept.
   */
  static from(value: unknown): A3sError {
    if (A3sError.is(value)) return value;
    const message = value instanceof Error ? value.message : String(value);
    return new A3sError(codeOfForeignError(value), message, { cause: value });
  }

  static fromJSON(data: SerializedError): A3sError {
    const code = isErrorCode(data.code) ? data.code : ErrorCodes.INTERNAL;
    return new A3sError(code, data.message, { details: data.details });
  }

  toJSON(): SerializedError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Node's system error codes (errno names) as the codes a caller can act on. */
const SYSTEM_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  ENOENT: ErrorCodes.NOT_FOUND,
  EACCES: ErrorCodes.PERMISSION_DENIED,
  EPERM: ErrorCodes.PERMISSION_DENIED,
  EROFS: ErrorCodes.PERMISSION_DENIED,
  EEXIST: ErrorCodes.ALREADY_EXISTS,
  ENOTEMPTY: ErrorCodes.ALREADY_EXISTS,
  ENOTDIR: ErrorCodes.INVALID_ARGUMENT,
  EISDIR: ErrorCodes.INVALID_ARGUMENT,
  ELOOP: ErrorCodes.INVALID_ARGUMENT,
  ENAMETOOLONG: ErrorCodes.INVALID_ARGUMENT,
  ETIMEDOUT: ErrorCodes.TIMEOUT,
  EBUSY: ErrorCodes.BUSY,
  EAGAIN: ErrorCodes.BUSY,
  EMFILE: ErrorCodes.BUSY,
  ENFILE: ErrorCodes.BUSY,
  ECONNREFUSED: ErrorCodes.UNAVAILABLE,
  ECONNRESET: ErrorCodes.UNAVAILABLE,
  EHOSTUNREACH: ErrorCodes.UNAVAILABLE,
  ENETUNREACH: ErrorCodes.UNAVAILABLE,
  ENOTFOUND: ErrorCodes.UNAVAILABLE,
  EPIPE: ErrorCodes.UNAVAILABLE,
  ENOSPC: ErrorCodes.UNAVAILABLE,
  EDQUOT: ErrorCodes.UNAVAILABLE,
};

function codeOfForeignError(value: unknown): ErrorCode {
  if (typeof value !== "object" || value === null) return ErrorCodes.INTERNAL;
  if ((value as { name?: unknown }).name === "AbortError") return ErrorCodes.CANCELLED;
  const code = (value as { code?: unknown }).code;
  return (typeof code === "string" && SYSTEM_ERROR_CODES[code]) || ErrorCodes.INTERNAL;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ErrorCodes, value);
}

/** gRPC status numbers (stable by the gRPC spec) for each code, used by both ends. */
const GRPC_STATUS: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  SESSION_NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  UNAUTHENTICATED: 16,
  PERMISSION_DENIED: 7,
  PATH_OUTSIDE_WORKSPACE: 7,
  CANCELLED: 1,
  TIMEOUT: 4,
  BUSY: 8,
  UNAVAILABLE: 14,
  PROVIDER_AUTH: 7,
  PROVIDER_RATE_LIMITED: 8,
  PROVIDER_ERROR: 13,
  BUDGET_EXHAUSTED: 8,
  SCHEMA_VALIDATION: 3,
  SKILL_INVALID: 3,
  VM_UNAVAILABLE: 9,
  VM_BOOT_FAILED: 13,
  VM_FAILED: 13,
  IMAGE_ERROR: 13,
  INTERNAL: 13,
};

export function grpcStatusFor(code: ErrorCode): number {
  return GRPC_STATUS[code];
}

/** Fallback when a gRPC error arrives without `a3s-error-code` metadata. */
export function errorCodeForGrpcStatus(status: number): ErrorCode {
  switch (status) {
    case 1: return ErrorCodes.CANCELLED;
    case 3: return ErrorCodes.INVALID_ARGUMENT;
    case 4: return ErrorCodes.TIMEOUT;
    case 5: return ErrorCodes.NOT_FOUND;
    case 6: return ErrorCodes.ALREADY_EXISTS;
    case 7: return ErrorCodes.PERMISSION_DENIED;
    case 8: return ErrorCodes.BUSY;
    case 14: return ErrorCodes.UNAVAILABLE;
    case 16: return ErrorCodes.UNAUTHENTICATED;
    default: return ErrorCodes.INTERNAL;
  }
}

export const ERROR_CODE_METADATA_KEY = "a3s-error-code";
