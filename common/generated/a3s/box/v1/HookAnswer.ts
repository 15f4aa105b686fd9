// Original file: proto/agent.proto


export interface HookAnswer {
  'invocationId'?: (string);
  'resultJson'?: (string);
}

export interface HookAnswer__Output {
  'invocationId': (string);
  'resultJson': (string);
}
