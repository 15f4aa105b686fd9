// Original file: proto/agent.proto


export interface WatchFilesRequest {
  /**
   * folder to watch, recursively; empty = the workspace
   */
  'path'?: (string);
}

export interface WatchFilesRequest__Output {
  /**
   * folder to watch, recursively; empty = the workspace
   */
  'path': (string);
}
