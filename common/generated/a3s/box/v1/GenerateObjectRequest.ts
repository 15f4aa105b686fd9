// Original file: proto/agent.proto


export interface GenerateObjectRequest {
  'sessionId'?: (string);
  'prompt'?: (string);
  'schemaJson'?: (string);
}

export interface GenerateObjectRequest__Output {
  'sessionId': (string);
  'prompt': (string);
  'schemaJson': (string);
}
