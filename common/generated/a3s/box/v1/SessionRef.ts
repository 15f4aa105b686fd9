// Original file: proto/agent.proto


export interface SessionRef {
  'sessionId'?: (string);
}

export interface SessionRef__Output {
  'sessionId': (string);
}
