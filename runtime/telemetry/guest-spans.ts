/**
 * Spans a box sends (OTLP/HTTP JSON, `ExportTraceServiceRequest`) turned into spans of the
 * host's export pipeline. Everything in them is the box's say: the shape is checked, counts
 * and strings are bounded, and the resource is the host's own: `a3s.box.id` is the box whose
 * gateway received them, never what the body claims.
 */
import { SpanKind, TraceFlags, type Attributes, type AttributeValue, type HrTime, type SpanStatusCode } from "@opentelemetry/api";
import { hrTimeDuration } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { z } from "zod";
import { A3sError, ErrorCodes } from "../../common/errors";
import { BOX_ID } from "../../common/trace-attributes";

/** The largest body a box may send in one export. */
export const MAX_GUEST_TRACE_BYTES = 1024 * 1024;
const MAX_SPANS = 2048;
const MAX_ATTRIBUTES = 128;
const MAX_EVENTS = 128;
const MAX_LINKS = 32;
/** Longer strings (names, attribute values) are cut to this many characters. */
const MAX_STRING = 8192;

const hexId = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`), `a hex string of ${length} digits`).refine((id) => !/^0+$/.test(id), "not all zeros");
const unixNano = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform((value) => BigInt(value));
const text = z.string().transform((value) => value.slice(0, MAX_STRING));

const primitive = z.union([
  z.object({ stringValue: text }).transform((v) => v.stringValue),
  z.object({ boolValue: z.boolean() }).transform((v) => v.boolValue),
  z.object({ intValue: z.union([z.number().int(), z.string().regex(/^-?\d{1,19}$/)]) }).transform((v) => Number(v.intValue)),
  z.object({ doubleValue: z.number() }).transform((v) => v.doubleValue),
]);
/** A value the OpenTelemetry API can hold: a primitive or an array of one type; anything else is dropped. */
const anyValue = z.union([
  primitive,
  z.object({ arrayValue: z.object({ values: z.array(primitive).max(MAX_ATTRIBUTES).optional() }) }).transform((v) => v.arrayValue.values ?? []),
  z.record(z.string(), z.unknown()).transform(() => undefined),
]);
const attributes = z
  .array(z.object({ key: z.string().min(1).max(256), value: anyValue.optional() }))
  .max(MAX_ATTRIBUTES)
  .optional()
  .transform((list) => toAttributes(list ?? []));

const span = z.object({
  traceId: hexId(32),
  spanId: hexId(16),
  parentSpanId: z.union([hexId(16), z.literal("")]).optional(),
  name: text.pipe(z.string().min(1)),
  kind: z.number().int().min(0).max(5).optional(),
  startTimeUnixNano: unixNano,
  endTimeUnixNano: unixNano,
  attributes,
  droppedAttributesCount: z.number().int().nonnegative().optional(),
  events: z.array(z.object({ timeUnixNano: unixNano, name: text, attributes })).max(MAX_EVENTS).optional(),
  droppedEventsCount: z.number().int().nonnegative().optional(),
  links: z.array(z.object({ traceId: hexId(32), spanId: hexId(16), attributes })).max(MAX_LINKS).optional(),
  droppedLinksCount: z.number().int().nonnegative().optional(),
  status: z.object({ code: z.number().int().min(0).max(2).optional(), message: text.optional() }).optional(),
});

const exportRequest = z.object({
  resourceSpans: z.array(
    z.object({
      scopeSpans: z.array(
        z.object({
          scope: z.object({ name: text.optional(), version: text.optional() }).optional(),
          spans: z.array(span).optional(),
        }),
      ).optional(),
    }),
  ),
});

/**
 * The spans of one export body from box `boxId`; throws INVALID_ARGUMENT naming what is
 * wrong (not JSON, a malformed field, more than the caps allow).
 */
export function guestSpans(body: string, boxId: string): ReadableSpan[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "the body is not JSON (send OTLP/HTTP JSON, an ExportTraceServiceRequest)");
  }
  const parsed = exportRequest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `not an OTLP ExportTraceServiceRequest: ${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  const resource = resourceFromAttributes({ "service.name": "a3s-box-agent", [BOX_ID]: boxId });
  const spans: ReadableSpan[] = [];
  for (const { scopeSpans = [] } of parsed.data.resourceSpans) {
    for (const { scope, spans: list = [] } of scopeSpans) {
      for (const s of list) {
        if (spans.length === MAX_SPANS) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `more than ${MAX_SPANS} spans in one export`);
        spans.push(readableSpan(s, { name: scope?.name || "unknown", ...(scope?.version ? { version: scope.version } : {}) }, resource));
      }
    }
  }
  return spans;
}

function readableSpan(s: z.output<typeof span>, instrumentationScope: ReadableSpan["instrumentationScope"], resource: ReadableSpan["resource"]): ReadableSpan {
  if (s.endTimeUnixNano < s.startTimeUnixNano) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `span ${s.spanId} ends before it starts`);
  const startTime = hrTime(s.startTimeUnixNano);
  const endTime = hrTime(s.endTimeUnixNano);
  const context = { traceId: s.traceId, spanId: s.spanId, traceFlags: TraceFlags.SAMPLED };
  // The box's own claim of a box id would read as the host's stamp.
  delete s.attributes[BOX_ID];
  return {
    name: s.name,
    kind: Math.max((s.kind ?? 1) - 1, 0) as SpanKind, // OTLP counts from UNSPECIFIED = 0; the API from INTERNAL = 0
    spanContext: () => context,
    ...(s.parentSpanId ? { parentSpanContext: { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: TraceFlags.SAMPLED } } : {}),
    startTime,
    endTime,
    duration: hrTimeDuration(startTime, endTime),
    status: { code: (s.status?.code ?? 0) as SpanStatusCode, ...(s.status?.message ? { message: s.status.message } : {}) },
    attributes: s.attributes,
    links: (s.links ?? []).map((link) => ({ context: { traceId: link.traceId, spanId: link.spanId, traceFlags: TraceFlags.SAMPLED }, attributes: link.attributes })),
    events: (s.events ?? []).map((event) => ({ name: event.name, time: hrTime(event.timeUnixNano), attributes: event.attributes })),
    ended: true,
    resource,
    instrumentationScope,
    droppedAttributesCount: s.droppedAttributesCount ?? 0,
    droppedEventsCount: s.droppedEventsCount ?? 0,
    droppedLinksCount: s.droppedLinksCount ?? 0,
  };
}

function hrTime(nanos: bigint): HrTime {
  return [Number(nanos / 1_000_000_000n), Number(nanos % 1_000_000_000n)];
}

type Primitive = string | number | boolean;

/** The values the API can hold: a primitive, or an array of primitives of one type (mixed arrays are dropped). */
function toAttributes(list: Array<{ key: string; value?: Primitive | Primitive[] | undefined }>): Attributes {
  const out: Attributes = {};
  for (const { key, value } of list) {
    if (value === undefined) continue;
    if (Array.isArray(value) && new Set(value.map((v) => typeof v)).size > 1) continue;
    out[key] = value as AttributeValue;
  }
  return out;
}
