"""Conversions between the generated protobuf messages and the SDK's dataclasses."""
from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, Optional

from ._proto import agent_pb2 as pb
from .errors import A3sError, ErrorCodes
from .types import (
    ChunkError, ConfirmationAnswer, ConfirmationRequest, ConfirmationRequestChunk, ConfirmationResolved, ConfirmationResolvedChunk,
    ContextUsage, ErrorChunk, FileChange, FileContent, FileDiff, FileStat, Finish, FinishChunk, HealthStatus,
    HistoryMessage, HookPayload, HookResult, JsonObject, LaneStats, ModelRef, ObjectChunk, PermissionPolicy, ReasoningDelta,
    SessionInfo, SessionOptions, SkillFilter, SkillInfo, StreamChunk, TextDelta, ToolCall, ToolCallChunk, ToolDecision, ToolInfo,
    ToolResult, ToolResultChunk, Usage,
)

_SCALAR_OPTIONS = ("cwd", "thinking", "max_steps", "context_window", "confirmation_timeout_ms", "title")
# Names people reach for, and the option they mean (the TypeScript SDK refuses the same ones).
_OPTION_HINTS = {"system_prompt": "system", "system_message": "system", "instructions": "system"}


def parse_json_object(text: str) -> JsonObject:
    if text == "":
        return {}
    value = json.loads(text)
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {text[:80]}")
    return value


def policy_to_wire(p: PermissionPolicy) -> pb.PermissionPolicy:
    return pb.PermissionPolicy(allow=p.allow, ask=p.ask, deny=p.deny, remembered=p.remembered, default_decision=p.default or "")


def policy_from_wire(p: pb.PermissionPolicy) -> PermissionPolicy:
    d = p.default_decision
    return PermissionPolicy(
        allow=list(p.allow), ask=list(p.ask), deny=list(p.deny), remembered=list(p.remembered),
        default=d if d in ("allow", "ask", "deny") else None,  # type: ignore[arg-type]
    )


def options_to_wire(o: SessionOptions) -> pb.SessionOptions:
    wire = pb.SessionOptions(**{name: getattr(o, name) for name in _SCALAR_OPTIONS if getattr(o, name) is not None})
    if o.system is not None:
        wire.system_prompt = o.system
    if o.model is not None:
        wire.model.CopyFrom(pb.ModelRef(provider=o.model.provider, name=o.model.name))
    if o.permission_policy is not None:
        wire.permission_policy.CopyFrom(policy_to_wire(o.permission_policy))
    if o.skill_filter is not None:
        wire.skill_filter.CopyFrom(skill_filter_to_wire(o.skill_filter))
    return wire


def skill_filter_to_wire(f: SkillFilter) -> pb.SkillFilter:
    # The wire cannot tell an empty include from none (every skill), so an empty one is refused here.
    if f.include is not None and len(f.include) == 0:
        raise A3sError(ErrorCodes.INVALID_ARGUMENT, 'skillFilter.include is empty: leave it out to see every skill, or use exclude=["*"] to see none')
    return pb.SkillFilter(include=f.include or [], exclude=f.exclude)


def options_from_wire(o: pb.SessionOptions) -> SessionOptions:
    values: dict = {name: getattr(o, name) for name in _SCALAR_OPTIONS if o.HasField(name)}
    if o.HasField("system_prompt"):
        values["system"] = o.system_prompt
    if o.HasField("model"):
        values["model"] = ModelRef(provider=o.model.provider, name=o.model.name)
    if o.HasField("permission_policy"):
        values["permission_policy"] = policy_from_wire(o.permission_policy)
    if o.HasField("skill_filter"):
        values["skill_filter"] = SkillFilter(include=list(o.skill_filter.include) or None, exclude=list(o.skill_filter.exclude))
    return SessionOptions(**values)


def session_options(options: Optional[SessionOptions], overrides: dict) -> SessionOptions:
    """``options`` with keyword overrides; an unknown keyword is refused by name."""
    known = {f.name for f in fields(SessionOptions)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        hint = f" (use {_OPTION_HINTS[unknown[0]]!r})" if unknown[0] in _OPTION_HINTS else ""
        raise TypeError(f"unknown session option {unknown[0]!r}{hint}; the options are: {', '.join(sorted(known))}")
    base = {f.name: getattr(options, f.name) for f in fields(SessionOptions)} if options else {}
    return SessionOptions(**{**base, **overrides})


def info_from_wire(info: pb.SessionInfo) -> SessionInfo:
    return SessionInfo(
        id=info.id, options=options_from_wire(info.options), created_at_ms=info.created_at_ms,
        updated_at_ms=info.updated_at_ms, message_count=info.message_count,
    )


def health_from_wire(h: pb.HealthCheckResponse) -> HealthStatus:
    lanes = [LaneStats(l.lane, l.depth, l.running, l.concurrency, l.wait_p50_ms, l.wait_max_ms) for l in h.lanes]
    return HealthStatus(status=h.status, version=h.version, uptime_ms=h.uptime_ms, session_count=h.session_count, lanes=lanes)


def context_usage_from_wire(c: pb.ContextUsage) -> ContextUsage:
    return ContextUsage(used_tokens=c.used_tokens, context_window=c.context_window, message_count=c.message_count)


def usage_from_wire(u: pb.Usage) -> Usage:
    return Usage(input_tokens=u.input_tokens, output_tokens=u.output_tokens)


def tool_call_from_wire(c: pb.ToolCall) -> ToolCall:
    return ToolCall(id=c.id, name=c.name, args=parse_json_object(c.args_json))


def tool_result_from_wire(r: pb.ToolResult) -> ToolResult:
    d = r.decision
    decision = ToolDecision(d.decision, d.decided_by, d.reason or None) if d.decision else None  # type: ignore[arg-type]
    return ToolResult(id=r.id, name=r.name, output=r.output, is_error=r.is_error, decision=decision)


def history_from_wire(h: pb.History) -> list:
    return [
        HistoryMessage(
            role=m.role,  # type: ignore[arg-type]
            text=m.text,
            tool_calls=[tool_call_from_wire(c) for c in m.tool_calls],
            tool_results=[tool_result_from_wire(r) for r in m.tool_results],
            created_at_ms=m.created_at_ms,
        )
        for m in h.messages
    ]


def chunk_from_wire(c: pb.Chunk) -> StreamChunk:
    kind = c.WhichOneof("chunk")
    if kind == "text_delta":
        return TextDelta(c.text_delta)
    if kind == "reasoning_delta":
        return ReasoningDelta(c.reasoning_delta)
    if kind == "tool_call":
        return ToolCallChunk(tool_call_from_wire(c.tool_call))
    if kind == "tool_result":
        return ToolResultChunk(tool_result_from_wire(c.tool_result))
    if kind == "confirmation_request":
        r = c.confirmation_request
        diff = FileDiff(r.diff.path, r.diff.before, r.diff.after, r.diff.is_new_file) if r.HasField("diff") else None
        return ConfirmationRequestChunk(ConfirmationRequest(
            request_id=r.request_id, tool=r.tool, args=parse_json_object(r.args_json), reason=r.reason,
            tool_call_id=r.tool_call_id, diff=diff, always_allow_rule=r.always_allow_rule or None,
        ))
    if kind == "confirmation_resolved":
        r = c.confirmation_resolved
        return ConfirmationResolvedChunk(ConfirmationResolved(r.request_id, r.decision, r.reason))  # type: ignore[arg-type]
    if kind == "finish":
        return FinishChunk(Finish(usage_from_wire(c.finish.usage), c.finish.finish_reason))  # type: ignore[arg-type]
    if kind == "error":
        return ErrorChunk(ChunkError(c.error.code, c.error.message))
    raise TypeError(f"unknown chunk kind: {kind}")


def skill_from_wire(s: pb.SkillInfo) -> SkillInfo:
    return SkillInfo(name=s.name, description=s.description, tools=list(s.tools), builtin=s.builtin)


def tool_info_from_wire(t: pb.ToolInfo) -> ToolInfo:
    return ToolInfo(name=t.name, description=t.description, source=t.source, parameters=parse_json_object(t.parameters_json))


def stat_from_wire(s: pb.FileStat) -> FileStat:
    return FileStat(path=s.path, name=s.name, type=s.type, size=s.size, mtime_ms=s.mtime_ms)  # type: ignore[arg-type]


def content_from_wire(f: pb.FileContent) -> FileContent:
    return FileContent(path=f.path, content=f.content, size=f.size, mtime_ms=f.mtime_ms)


def change_from_wire(c: pb.FileChange) -> FileChange:
    return FileChange(kind=c.kind, path=c.path)  # type: ignore[arg-type]


_PAYLOAD_KEYS = {
    "event": "event", "sessionId": "session_id", "prompt": "prompt", "tool": "tool", "args": "args",
    "toolCallId": "tool_call_id", "result": "result", "finishReason": "finish_reason", "messageCount": "message_count",
}
_RESULT_KEYS = {
    "decision": "decision", "reason": "reason", "args": "args", "output": "output", "isError": "is_error",
    "additionalContext": "additional_context",
}


def hook_payload_from_wire(payload_json: str) -> HookPayload:
    data = parse_json_object(payload_json)
    return HookPayload(**{ours: data[theirs] for theirs, ours in _PAYLOAD_KEYS.items() if theirs in data})


def hook_result_to_json(result: Optional[HookResult]) -> str:
    if result is None:
        return "{}"
    if not isinstance(result, HookResult):
        raise TypeError(f"a hook handler must return a HookResult or None, not {type(result).__name__}")
    out: dict[str, Any] = {theirs: getattr(result, ours) for theirs, ours in _RESULT_KEYS.items() if getattr(result, ours) is not None}
    return json.dumps(out)


def write_file_request(path: str, content: str, limit: int) -> pb.WriteFileRequest:
    size = len(content.encode())
    if size > limit:
        raise A3sError(ErrorCodes.INVALID_ARGUMENT, f"the content is too large ({size} bytes; the limit is {limit})")
    return pb.WriteFileRequest(path=path, content=content)


def answer_to_wire(session_id: str, request_id: str, answer: ConfirmationAnswer) -> pb.ConfirmationAnswer:
    return pb.ConfirmationAnswer(
        session_id=session_id, request_id=request_id, decision=answer.decision, remember=answer.remember, message=answer.message,
    )


def object_request(session_id: str, prompt: str, schema: JsonObject) -> pb.GenerateObjectRequest:
    return pb.GenerateObjectRequest(session_id=session_id, prompt=prompt, schema_json=json.dumps(schema))


def object_chunk_from_wire(c: pb.ObjectChunk) -> ObjectChunk:
    if c.WhichOneof("chunk") == "partial_object_json":
        return ObjectChunk(partial_object=json.loads(c.partial_object_json))
    return ObjectChunk(object=json.loads(c.object_json), usage=usage_from_wire(c.usage))
