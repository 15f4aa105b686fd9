import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { fieldPath } from "../schema/describe-errors";

export interface Violation {
  /** JSON path of the offending value, `$` being the whole object. */
  path: string;
  message: string;
}

const ajv = new Ajv({ allErrors: true, strict: false });

/** Compiles a caller's JSON Schema, or throws INVALID_ARGUMENT saying why it cannot be used. */
export function compileSchema(schemaJson: string): { schema: Record<string, unknown>; validate: ValidateFunction } {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaJson);
  } catch (err) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `the schema is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "the schema must be a JSON Schema object");
  }
  try {
    return { schema: schema as Record<string, unknown>, validate: ajv.compile(schema) };
  } catch (err) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `the schema is not a valid JSON Schema: ${(err as Error).message}`);
  }
}

/** Every way `value` misses the schema, each with its JSON path; empty when it matches. */
export function violationsOf(validate: ValidateFunction, value: unknown): Violation[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).filter((e) => e.keyword !== "if").map(violationOf);
}

function violationOf(e: ErrorObject): Violation {
  const params = e.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  if (e.keyword === "required") return { path: fieldPath(`${e.instancePath}/${params.missingProperty}`, "$"), message: "is required" };
  const path = fieldPath(e.instancePath, "$");
  if (e.keyword === "additionalProperties") return { path, message: `has unknown field "${params.additionalProperty}"` };
  if (e.keyword === "enum") return { path, message: `must be one of ${params.allowedValues!.map((v) => JSON.stringify(v)).join(", ")}` };
  return { path, message: e.message ?? "is invalid" };
}

export function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.path} ${v.message}`).join("; ");
}
