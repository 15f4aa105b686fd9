// Original file: proto/agent.proto


export interface FileDiff {
  'path'?: (string);
  'before'?: (string);
  'after'?: (string);
  'isNewFile'?: (boolean);
}

export interface FileDiff__Output {
  'path': (string);
  'before': (string);
  'after': (string);
  'isNewFile': (boolean);
}
