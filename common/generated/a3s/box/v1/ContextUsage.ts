// Original file: proto/agent.proto


export interface ContextUsage {
  'usedTokens'?: (number);
  'contextWindow'?: (number);
  'messageCount'?: (number);
}

export interface ContextUsage__Output {
  'usedTokens': (number);
  'contextWindow': (number);
  'messageCount': (number);
}
