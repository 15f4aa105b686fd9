// Original file: proto/agent.proto

import type { ToolCall as _a3s_box_v1_ToolCall, ToolCall__Output as _a3s_box_v1_ToolCall__Output } from '../../../a3s/box/v1/ToolCall';
import type { ToolResult as _a3s_box_v1_ToolResult, ToolResult__Output as _a3s_box_v1_ToolResult__Output } from '../../../a3s/box/v1/ToolResult';
import type { ConfirmationRequest as _a3s_box_v1_ConfirmationRequest, ConfirmationRequest__Output as _a3s_box_v1_ConfirmationRequest__Output } from '../../../a3s/box/v1/ConfirmationRequest';
import type { ConfirmationResolved as _a3s_box_v1_ConfirmationResolved, ConfirmationResolved__Output as _a3s_box_v1_ConfirmationResolved__Output } from '../../../a3s/box/v1/ConfirmationResolved';
import type { Finish as _a3s_box_v1_Finish, Finish__Output as _a3s_box_v1_Finish__Output } from '../../../a3s/box/v1/Finish';
import type { ErrorInfo as _a3s_box_v1_ErrorInfo, ErrorInfo__Output as _a3s_box_v1_ErrorInfo__Output } from '../../../a3s/box/v1/ErrorInfo';

export interface Chunk {
  'textDelta'?: (string);
  'reasoningDelta'?: (string);
  'toolCall'?: (_a3s_box_v1_ToolCall | null);
  'toolResult'?: (_a3s_box_v1_ToolResult | null);
  'confirmationRequest'?: (_a3s_box_v1_ConfirmationRequest | null);
  'confirmationResolved'?: (_a3s_box_v1_ConfirmationResolved | null);
  'finish'?: (_a3s_box_v1_Finish | null);
  'error'?: (_a3s_box_v1_ErrorInfo | null);
  'chunk'?: "textDelta"|"reasoningDelta"|"toolCall"|"toolResult"|"confirmationRequest"|"confirmationResolved"|"finish"|"error";
}

export interface Chunk__Output {
  'textDelta'?: (string);
  'reasoningDelta'?: (string);
  'toolCall'?: (_a3s_box_v1_ToolCall__Output | null);
  'toolResult'?: (_a3s_box_v1_ToolResult__Output | null);
  'confirmationRequest'?: (_a3s_box_v1_ConfirmationRequest__Output | null);
  'confirmationResolved'?: (_a3s_box_v1_ConfirmationResolved__Output | null);
  'finish'?: (_a3s_box_v1_Finish__Output | null);
  'error'?: (_a3s_box_v1_ErrorInfo__Output | null);
  'chunk'?: "textDelta"|"reasoningDelta"|"toolCall"|"toolResult"|"confirmationRequest"|"confirmationResolved"|"finish"|"error";
}
