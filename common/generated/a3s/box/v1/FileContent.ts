// Original file: proto/agent.proto


export interface FileContent {
  'path'?: (string);
  /**
   * UTF-8 text; binary files are refused
   */
  'content'?: (string);
  'size'?: (number | string);
  'mtimeMs'?: (number | string);
}

export interface FileContent__Output {
  'path': (string);
  /**
   * UTF-8 text; binary files are refused
   */
  'content': (string);
  'size': (number);
  'mtimeMs': (number);
}
