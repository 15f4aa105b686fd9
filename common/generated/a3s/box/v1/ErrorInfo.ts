// Original file: proto/agent.proto


export interface ErrorInfo {
  'code'?: (string);
  'message'?: (string);
}

export interface ErrorInfo__Output {
  'code': (string);
  'message': (string);
}
