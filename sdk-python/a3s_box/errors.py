"""Errors with the stable codes of the TypeScript SDK (common/errors.ts).

The agent sends its code in the trailing metadata ``a3s-error-code``; without it, the gRPC
status decides, as in the TypeScript client.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional, Tuple

import grpc

from ._connection import Connection
from ._keepalive import explain_unavailable


class ErrorCodes:
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    SESSION_NOT_FOUND = "SESSION_NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    PATH_OUTSIDE_WORKSPACE = "PATH_OUTSIDE_WORKSPACE"
    CANCELLED = "CANCELLED"
    TIMEOUT = "TIMEOUT"
    BUSY = "BUSY"
    UNAVAILABLE = "UNAVAILABLE"
    PROVIDER_AUTH = "PROVIDER_AUTH"
    PROVIDER_RATE_LIMITED = "PROVIDER_RATE_LIMITED"
    PROVIDER_ERROR = "PROVIDER_ERROR"
    BUDGET_EXHAUSTED = "BUDGET_EXHAUSTED"
    SCHEMA_VALIDATION = "SCHEMA_VALIDATION"
    SKILL_INVALID = "SKILL_INVALID"
    VM_UNAVAILABLE = "VM_UNAVAILABLE"
    VM_BOOT_FAILED = "VM_BOOT_FAILED"
    VM_FAILED = "VM_FAILED"
    IMAGE_ERROR = "IMAGE_ERROR"
    INTERNAL = "INTERNAL"


ALL_ERROR_CODES = frozenset(v for k, v in vars(ErrorCodes).items() if not k.startswith("_"))

ERROR_CODE_METADATA_KEY = "a3s-error-code"

_CODE_FOR_STATUS = {
    grpc.StatusCode.CANCELLED: ErrorCodes.CANCELLED,
    grpc.StatusCode.INVALID_ARGUMENT: ErrorCodes.INVALID_ARGUMENT,
    grpc.StatusCode.DEADLINE_EXCEEDED: ErrorCodes.TIMEOUT,
    grpc.StatusCode.NOT_FOUND: ErrorCodes.NOT_FOUND,
    grpc.StatusCode.ALREADY_EXISTS: ErrorCodes.ALREADY_EXISTS,
    grpc.StatusCode.PERMISSION_DENIED: ErrorCodes.PERMISSION_DENIED,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ErrorCodes.BUSY,
    grpc.StatusCode.UNAVAILABLE: ErrorCodes.UNAVAILABLE,
    grpc.StatusCode.UNAUTHENTICATED: ErrorCodes.UNAUTHENTICATED,
}


class A3sError(Exception):
    """A failure with a stable ``code`` (one of ``ErrorCodes``) and a message for people."""

    def __init__(self, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.code = code if code in ALL_ERROR_CODES else ErrorCodes.INTERNAL
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __repr__(self) -> str:
        return f"A3sError({self.code!r}, {self.message!r})"


def _sent_code(metadata: Optional[Iterable[Tuple[str, Any]]]) -> Optional[str]:
    for key, value in metadata or ():
        if key == ERROR_CODE_METADATA_KEY:
            return value.decode() if isinstance(value, bytes) else str(value)
    return None


def from_rpc_error(err: grpc.RpcError, conn: Connection) -> A3sError:
    """A gRPC failure (sync or asyncio) as the A3sError the agent meant."""
    return error_from_status(err.code(), err.details(), err.trailing_metadata(), conn)  # type: ignore[attr-defined]


def error_from_status(status: grpc.StatusCode, details: Optional[str], trailing_metadata: Any, conn: Connection) -> A3sError:
    sent = _sent_code(trailing_metadata)
    details = details or "unknown error"
    if sent in ALL_ERROR_CODES:
        return A3sError(sent, details)
    if status == grpc.StatusCode.UNAVAILABLE:
        return A3sError(ErrorCodes.UNAVAILABLE, f"cannot reach the agent at {conn.address}: {explain_unavailable(details, conn.keepalive)}")
    return A3sError(_CODE_FOR_STATUS.get(status, ErrorCodes.INTERNAL), details)
