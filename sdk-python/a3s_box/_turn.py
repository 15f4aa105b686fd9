"""What ``generate`` does with a turn's chunks, for the sync and the asyncio client alike."""
from __future__ import annotations

from typing import List, Optional

from .errors import A3sError, ErrorCodes
from .types import (
    ConfirmationAnswer, ConfirmationRequest, ConfirmationRequestChunk, ErrorChunk, FinishChunk, GenerateResult,
    StreamChunk, TextDelta, ToolCall, ToolCallChunk, ToolResult, ToolResultChunk,
)

DENY_WITHOUT_HANDLER = ConfirmationAnswer(decision="deny", message="no on_confirm handler was given to generate()")


class Turn:
    def __init__(self) -> None:
        self.text = ""
        self.tool_calls: List[ToolCall] = []
        self.tool_results: List[ToolResult] = []
        self.result: Optional[GenerateResult] = None

    def add(self, chunk: StreamChunk) -> Optional[ConfirmationRequest]:
        """Takes one chunk; returns the confirmation request it carries, raises the turn's error."""
        if isinstance(chunk, TextDelta):
            self.text += chunk.text_delta
        elif isinstance(chunk, ToolCallChunk):
            self.tool_calls.append(chunk.tool_call)
        elif isinstance(chunk, ToolResultChunk):
            self.tool_results.append(chunk.tool_result)
        elif isinstance(chunk, ConfirmationRequestChunk):
            return chunk.confirmation_request
        elif isinstance(chunk, ErrorChunk):
            raise A3sError(chunk.error.code, chunk.error.message)
        elif isinstance(chunk, FinishChunk):
            self.result = GenerateResult(
                text=self.text, tool_calls=self.tool_calls, tool_results=self.tool_results,
                usage=chunk.finish.usage, finish_reason=chunk.finish.finish_reason,
            )
        return None

    @staticmethod
    def unfinished() -> A3sError:
        return A3sError(ErrorCodes.INTERNAL, "the agent ended the turn without a finish chunk")
