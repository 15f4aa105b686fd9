// Original file: proto/agent.proto


export interface PathRequest {
  'path'?: (string);
}

export interface PathRequest__Output {
  'path': (string);
}
