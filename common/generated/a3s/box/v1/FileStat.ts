// Original file: proto/agent.proto


export interface FileStat {
  /**
   * relative to the workspace, "/" separated
   */
  'path'?: (string);
  'name'?: (string);
  /**
   * file | dir | symlink | other
   */
  'type'?: (string);
  'size'?: (number | string);
  'mtimeMs'?: (number | string);
}

export interface FileStat__Output {
  /**
   * relative to the workspace, "/" separated
   */
  'path': (string);
  'name': (string);
  /**
   * file | dir | symlink | other
   */
  'type': (string);
  'size': (number);
  'mtimeMs': (number);
}
