"""A3S Box's Python SDK: the client of the agent that runs in each box (proto/agent.proto).

``A3sClient`` blocks; ``AsyncA3sClient`` is the asyncio flavour with the same methods.
"""
from .aio import AsyncA3sClient, AsyncSubscription
from .client import A3sClient, Subscription
from .errors import A3sError, ErrorCodes
from ._keepalive import Keepalive
from .types import (
    JsonObject, ModelRef, PermissionPolicy, SessionOptions, SkillFilter, SessionInfo, ContextUsage, LaneStats,
    HealthStatus, ToolCall, ToolDecision, ToolResult, FileDiff, ConfirmationRequest, ConfirmationResolved,
    ConfirmationAnswer, Usage, FinishReason, Finish, ChunkError, TextDelta, ReasoningDelta, ToolCallChunk,
    ToolResultChunk, ConfirmationRequestChunk, ConfirmationResolvedChunk, FinishChunk, ErrorChunk,
    StreamChunk, GenerateResult, ObjectResult, ObjectChunk, HistoryMessage, CompactResult, SkillInfo,
    ToolInfo, SkillList, FileStat, FileContent, FileChange, HookEvent, HookPayload, HookResult,
)

__version__ = "0.1.0"
__all__ = [
    "A3sClient", "AsyncA3sClient", "A3sError", "ErrorCodes", "Keepalive", "Subscription", "AsyncSubscription",
    "JsonObject", "ModelRef", "PermissionPolicy", "SessionOptions", "SkillFilter", "SessionInfo", "ContextUsage", "LaneStats", "HealthStatus",
    "ToolCall", "ToolDecision", "ToolResult", "FileDiff", "ConfirmationRequest", "ConfirmationResolved", "ConfirmationAnswer", "Usage",
    "FinishReason", "Finish", "ChunkError", "TextDelta", "ReasoningDelta", "ToolCallChunk", "ToolResultChunk", "ConfirmationRequestChunk",
    "ConfirmationResolvedChunk", "FinishChunk", "ErrorChunk", "StreamChunk", "GenerateResult", "ObjectResult", "ObjectChunk", "HistoryMessage",
    "CompactResult", "SkillInfo", "ToolInfo", "SkillList", "FileStat", "FileContent", "FileChange", "HookEvent",
    "HookPayload", "HookResult",
]
