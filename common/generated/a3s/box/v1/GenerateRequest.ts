// Original file: proto/agent.proto


export interface GenerateRequest {
  'sessionId'?: (string);
  'prompt'?: (string);
}

export interface GenerateRequest__Output {
  'sessionId': (string);
  'prompt': (string);
}
