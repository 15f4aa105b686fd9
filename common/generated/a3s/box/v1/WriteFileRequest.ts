// Original file: proto/agent.proto


export interface WriteFileRequest {
  'path'?: (string);
  'content'?: (string);
}

export interface WriteFileRequest__Output {
  'path': (string);
  'content': (string);
}
