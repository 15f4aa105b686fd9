// Original file: proto/agent.proto


export interface FileChange {
  /**
   * created | modified | deleted
   */
  'kind'?: (string);
  'path'?: (string);
}

export interface FileChange__Output {
  /**
   * created | modified | deleted
   */
  'kind': (string);
  'path': (string);
}
