// Original file: proto/agent.proto

import type { ToolDecision as _a3s_box_v1_ToolDecision, ToolDecision__Output as _a3s_box_v1_ToolDecision__Output } from '../../../a3s/box/v1/ToolDecision';

export interface ToolResult {
  'id'?: (string);
  'name'?: (string);
  'output'?: (string);
  'isError'?: (boolean);
  'decision'?: (_a3s_box_v1_ToolDecision | null);
}

export interface ToolResult__Output {
  'id': (string);
  'name': (string);
  'output': (string);
  'isError': (boolean);
  'decision': (_a3s_box_v1_ToolDecision__Output | null);
}
