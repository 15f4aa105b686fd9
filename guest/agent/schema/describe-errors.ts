/** Ajv's errors as one sentence a person (or a model) can act on, naming each field. */
import type { ErrorObject } from "ajv";

/** `/tools/0/backend/type` → `tools[0].backend.type`, prefixed with `root` when given. */
export function fieldPath(instancePath: string, root = ""): string {
  const parts = instancePath.split("/").slice(1).map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
  let out = root;
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  return out;
}

export function describeSchemaErrors(errors: ErrorObject[], root = ""): string {
  const messages = errors
    .filter((e) => e.keyword !== "if")
    .map((e) => {
      const where = fieldPath(e.instancePath, root) || "(top level)";
      const params = e.params as { additionalProperty?: string; allowedValues?: unknown[]; missingProperty?: string };
      if (e.keyword === "additionalProperties") return `${where}: unknown field "${params.additionalProperty}"`;
      if (e.keyword === "required") return `${fieldPath(`${e.instancePath}/${params.missingProperty}`, root)} is required`;
      if (e.keyword === "enum") return `${where} must be one of ${params.allowedValues!.join(", ")}`;
      return `${where} ${e.message ?? "is invalid"}`;
    });
  return [...new Set(messages)].join("; ");
}
