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

  it("maps codes to gRPC statuses and back", () => {
    expect(grpcStatusFor("UNAUTHENTICATED")).toBe(16);
    expect(errorCodeForGrpcStatus(16)).toBe("UNAUTHENTICATED");
    expect(errorCodeForGrpcStatus(2)).toBe("INTERNAL");
  });
});
