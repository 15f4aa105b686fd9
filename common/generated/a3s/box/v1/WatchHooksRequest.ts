// Original file: proto/agent.proto


export interface WatchHooksRequest {
  /**
   * SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, PreCompact, Stop, SessionEnd
   */
  'events'?: (string)[];
}

export interface WatchHooksRequest__Output {
  /**
   * SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, PreCompact, Stop, SessionEnd
   */
  'events': (string)[];
}
