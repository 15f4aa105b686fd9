// Original file: proto/agent.proto


export interface HookInvocation {
  'invocationId'?: (string);
  'event'?: (string);
  'sessionId'?: (string);
  'payloadJson'?: (string);
}

export interface HookInvocation__Output {
  'invocationId': (string);
  'event': (string);
  'sessionId': (string);
  'payloadJson': (string);
}
