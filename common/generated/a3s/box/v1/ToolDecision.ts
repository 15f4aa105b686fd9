// Original file: proto/agent.proto


export interface ToolDecision {
  /**
   * allow | deny | ask
   */
  'decision'?: (string);
  /**
   * "rule:bash(npm *)", "hook:PreToolUse", "human", "default", ...
   */
  'decidedBy'?: (string);
  'reason'?: (string);
}

export interface ToolDecision__Output {
  /**
   * allow | deny | ask
   */
  'decision': (string);
  /**
   * "rule:bash(npm *)", "hook:PreToolUse", "human", "default", ...
   */
  'decidedBy': (string);
  'reason': (string);
}
