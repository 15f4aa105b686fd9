// Original file: proto/agent.proto

import type { FileDiff as _a3s_box_v1_FileDiff, FileDiff__Output as _a3s_box_v1_FileDiff__Output } from '../../../a3s/box/v1/FileDiff';

export interface ConfirmationRequest {
  'requestId'?: (string);
  'tool'?: (string);
  'argsJson'?: (string);
  'reason'?: (string);
  'toolCallId'?: (string);
  /**
   * set for write and edit
   */
  'diff'?: (_a3s_box_v1_FileDiff | null);
  /**
   * the rule "Always allow" adds (remember=session); empty: none can be offered
   */
  'alwaysAllowRule'?: (string);
}

export interface ConfirmationRequest__Output {
  'requestId': (string);
  'tool': (string);
  'argsJson': (string);
  'reason': (string);
  'toolCallId': (string);
  /**
   * set for write and edit
   */
  'diff': (_a3s_box_v1_FileDiff__Output | null);
  /**
   * the rule "Always allow" adds (remember=session); empty: none can be offered
   */
  'alwaysAllowRule': (string);
}
