"""The SDK's typed values: the TypeScript SDK's types (client/client-types.ts, common/) in snake_case."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Literal, Optional, Union

JsonObject = Dict[str, Any]


@dataclass(frozen=True)
class ModelRef:
    provider: str  # anthropic | openai | deepseek | groq | together | ollama
    name: str


@dataclass(frozen=True)
class PermissionPolicy:
    """Rules such as ``bash``, ``bash(npm test *)``, ``write(src/**)``; docs/control.md has the details."""

    allow: List[str] = field(default_factory=list)
    ask: List[str] = field(default_factory=list)
    deny: List[str] = field(default_factory=list)
    remembered: List[str] = field(default_factory=list)
    default: Optional[Literal["allow", "ask", "deny"]] = None


@dataclass(frozen=True)
class SkillFilter:
    """Which skills a session sees: names, ``*`` matching any run of characters; ``include=None`` means every skill."""

    include: Optional[List[str]] = None
    exclude: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class SessionOptions:
    """A session's settings; ``None`` leaves a field unset (the agent's default, or unchanged by ``configure``)."""

    system: Optional[str] = None  # the system prompt (the design's name, as in the TypeScript SDK)
    model: Optional[ModelRef] = None
    cwd: Optional[str] = None
    thinking: Optional[bool] = None
    max_steps: Optional[int] = None
    context_window: Optional[int] = None
    confirmation_timeout_ms: Optional[int] = None
    permission_policy: Optional[PermissionPolicy] = None
    title: Optional[str] = None
    skill_filter: Optional[SkillFilter] = None


@dataclass(frozen=True)
class SessionInfo:
    id: str
    options: SessionOptions
    created_at_ms: float
    updated_at_ms: float
    message_count: int


@dataclass(frozen=True)
class ContextUsage:
    used_tokens: int
    context_window: int
    message_count: int


@dataclass(frozen=True)
class LaneStats:
    lane: str  # control | query | execute | generate
    depth: int
    running: int
    concurrency: int
    wait_p50_ms: float
    wait_max_ms: float


@dataclass(frozen=True)
class HealthStatus:
    status: str
    version: str
    uptime_ms: float
    session_count: int
    lanes: List[LaneStats]


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    args: JsonObject


@dataclass(frozen=True)
class ToolDecision:
    decision: Literal["allow", "deny", "ask"]
    decided_by: str
    reason: Optional[str] = None


@dataclass(frozen=True)
class ToolResult:
    id: str
    name: str
    output: str
    is_error: bool
    decision: Optional[ToolDecision] = None


@dataclass(frozen=True)
class FileDiff:
    path: str
    before: str
    after: str
    is_new_file: bool


@dataclass(frozen=True)
class ConfirmationRequest:
    request_id: str
    tool: str
    args: JsonObject
    reason: str
    tool_call_id: str
    diff: Optional[FileDiff] = None
    always_allow_rule: Optional[str] = None


@dataclass(frozen=True)
class ConfirmationResolved:
    request_id: str
    decision: Literal["allow", "deny"]
    reason: str


@dataclass(frozen=True)
class ConfirmationAnswer:
    decision: Literal["allow", "deny"]
    remember: Literal["once", "session"] = "once"
    message: str = ""


@dataclass(frozen=True)
class Usage:
    input_tokens: int
    output_tokens: int


FinishReason = Literal["stop", "tool-calls", "length", "max-steps", "cancelled", "error", "budget"]


@dataclass(frozen=True)
class Finish:
    usage: Usage
    finish_reason: FinishReason


@dataclass(frozen=True)
class ChunkError:
    code: str
    message: str


# Stream chunks: one class per kind, each with the TypeScript SDK's ``type`` string.


@dataclass(frozen=True)
class TextDelta:
    text_delta: str
    type: Literal["text-delta"] = "text-delta"


@dataclass(frozen=True)
class ReasoningDelta:
    reasoning_delta: str
    type: Literal["reasoning-delta"] = "reasoning-delta"


@dataclass(frozen=True)
class ToolCallChunk:
    tool_call: ToolCall
    type: Literal["tool-call"] = "tool-call"


@dataclass(frozen=True)
class ToolResultChunk:
    tool_result: ToolResult
    type: Literal["tool-result"] = "tool-result"


@dataclass(frozen=True)
class ConfirmationRequestChunk:
    confirmation_request: ConfirmationRequest
    type: Literal["confirmation-request"] = "confirmation-request"


@dataclass(frozen=True)
class ConfirmationResolvedChunk:
    confirmation_resolved: ConfirmationResolved
    type: Literal["confirmation-resolved"] = "confirmation-resolved"


@dataclass(frozen=True)
class FinishChunk:
    finish: Finish
    type: Literal["finish"] = "finish"


@dataclass(frozen=True)
class ErrorChunk:
    error: ChunkError
    type: Literal["error"] = "error"


StreamChunk = Union[
    TextDelta, ReasoningDelta, ToolCallChunk, ToolResultChunk,
    ConfirmationRequestChunk, ConfirmationResolvedChunk, FinishChunk, ErrorChunk,
]


@dataclass(frozen=True)
class GenerateResult:
    text: str
    tool_calls: List[ToolCall]
    tool_results: List[ToolResult]
    usage: Usage
    finish_reason: FinishReason


@dataclass(frozen=True)
class ObjectResult:
    object: JsonObject
    usage: Usage


@dataclass(frozen=True)
class ObjectChunk:
    """A partial object while the JSON grows (``usage`` is None), then the validated object with its usage."""

    partial_object: Optional[JsonObject] = None
    object: Optional[JsonObject] = None
    usage: Optional[Usage] = None


@dataclass(frozen=True)
class HistoryMessage:
    role: Literal["system", "user", "assistant", "tool"]
    text: str
    tool_calls: List[ToolCall]
    tool_results: List[ToolResult]
    created_at_ms: float


@dataclass(frozen=True)
class CompactResult:
    tokens_before: int
    tokens_after: int
    messages_before: int
    messages_after: int


@dataclass(frozen=True)
class SkillInfo:
    name: str
    description: str
    tools: List[str]
    builtin: bool


@dataclass(frozen=True)
class ToolInfo:
    name: str
    description: str
    source: str  # "builtin" or "skill:<name>"
    parameters: JsonObject


@dataclass(frozen=True)
class SkillList:
    skills: List[SkillInfo]
    tools: List[ToolInfo]


@dataclass(frozen=True)
class FileStat:
    path: str
    name: str
    type: Literal["file", "dir", "symlink", "other"]
    size: float
    mtime_ms: float


@dataclass(frozen=True)
class FileContent:
    path: str
    content: str
    size: float
    mtime_ms: float


@dataclass(frozen=True)
class FileChange:
    kind: Literal["created", "modified", "deleted"]
    path: str


HookEvent = Literal["SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "PreCompact", "Stop", "SessionEnd"]


@dataclass(frozen=True)
class HookPayload:
    """What a host hook receives; fields other than ``event`` and ``session_id`` depend on the event."""

    event: HookEvent
    session_id: str
    prompt: Optional[str] = None
    tool: Optional[str] = None
    args: Optional[JsonObject] = None
    tool_call_id: Optional[str] = None
    result: Optional[JsonObject] = None
    finish_reason: Optional[str] = None
    message_count: Optional[int] = None


@dataclass(frozen=True)
class HookResult:
    """What a hook may answer; all None means "no opinion"."""

    decision: Optional[Literal["allow", "deny", "ask", "block"]] = None
    reason: Optional[str] = None
    args: Optional[JsonObject] = None
    output: Optional[str] = None
    is_error: Optional[bool] = None
    additional_context: Optional[str] = None
