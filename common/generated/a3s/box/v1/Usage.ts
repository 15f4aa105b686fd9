// Original file: proto/agent.proto


export interface Usage {
  'inputTokens'?: (number);
  'outputTokens'?: (number);
}

export interface Usage__Output {
  'inputTokens': (number);
  'outputTokens': (number);
}
