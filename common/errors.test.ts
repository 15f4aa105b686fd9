import { describe, expect, it } from "vitest";
import { A3sError, ErrorCodes, errorCodeForGrpcStatus, grpcStatusFor } from "./errors";

describe("A3sError", () => {
  it("survives JSON serialisation with its code", () => {
    const error = new A3sError(ErrorCodes.SESSION_NOT_FOUND, "no session s1", { details: { id: "s1" } });
    const back = A3sError.fromJSON(JSON.parse(JSON.stringify(error)));
    expect(A3sError.is(back, "SESSION_NOT_FOUND")).toBe(true);
    expect(back.message).toBe("no session s1");
    expect(back.details).toEqual({ id: "s1" });
  });

  it("is recognised without instanceof and maps unknown values to INTERNAL", () => {
    expect(A3sError.is({ code: "INTERNAL", message: "x" })).toBe(false);
    expect(A3sError.from(new TypeError("boom")).code).toBe("INTERNAL");
    expect(A3sError.fromJSON({ code: "NOT_A_CODE" as never, message: "m" }).code).toBe("INTERNAL");
  });

  it("gives Node's system errors the code that says what went wrong, not INTERNAL", () => {
    const system = (code: string) => Object.assign(new Error(`${code}: failed, open '/x'`), { code, syscall: "open", path: "/x" });
    expect(A3sError.from(system("ENOENT")).code).toBe("NOT_FOUND");
    expect(A3sError.from(system("EACCES")).code).toBe("PERMISSION_DENIED");
    expect(A3sError.from(system("EPERM")).code).toBe("PERMISSION_DENIED");
    expect(A3sError.from(system("EEXIST")).code).toBe("ALREADY_EXISTS");
    expect(A3sError.from(system("ENOTDIR")).code).toBe("INVALID_ARGUMENT");
    expect(A3sError.from(system("ETIMEDOUT")).code).toBe("TIMEOUT");
    expect(A3sError.from(system("ECONNREFUSED")).code).toBe("UNAVAILABLE");
    expect(A3sError.from(system("ENOSPC")).code).toBe("UNAVAILABLE");
    expect(A3sError.from(system("EBUSY")).code).toBe("BUSY");
    expect(A3sError.from(Object.assign(new Error("aborted"), { name: "AbortError" })).code).toBe("CANCELLED");
    const mapped = A3sError.from(system("ENOENT"));
    expect(mapped.message).toBe("ENOENT: failed, open '/x'");
    expect(mapped.cause).toMatchObject({ code: "ENOENT" });
    // Codes nobody maps, and errors without one, stay INTERNAL.
    expect(A3sError.from(system("EWHATEVER")).code).toBe("INTERNAL");
  });

  it("maps codes to gRPC statuses and back", () => {
    expect(grpcStatusFor("UNAUTHENTICATED")).toBe(16);
    expect(errorCodeForGrpcStatus(16)).toBe("UNAUTHENTICATED");
    expect(errorCodeForGrpcStatus(2)).toBe("INTERNAL");
  });
});
