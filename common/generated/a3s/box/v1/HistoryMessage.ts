// Original file: proto/agent.proto

import type { ToolCall as _a3s_box_v1_ToolCall, ToolCall__Output as _a3s_box_v1_ToolCall__Output } from '../../../a3s/box/v1/ToolCall';
import type { ToolResult as _a3s_box_v1_ToolResult, ToolResult__Output as _a3s_box_v1_ToolResult__Output } from '../../../a3s/box/v1/ToolResult';

export interface HistoryMessage {
  /**
   * system | user | assistant | tool
   */
  'role'?: (string);
  'text'?: (string);
  'toolCalls'?: (_a3s_box_v1_ToolCall)[];
  'toolResults'?: (_a3s_box_v1_ToolResult)[];
  'createdAtMs'?: (number | string);
}

export interface HistoryMessage__Output {
  /**
   * system | user | assistant | tool
   */
  'role': (string);
  'text': (string);
  'toolCalls': (_a3s_box_v1_ToolCall__Output)[];
  'toolResults': (_a3s_box_v1_ToolResult__Output)[];
  'createdAtMs': (number);
}
