// Original file: proto/agent.proto


export interface ToolInfo {
  'name'?: (string);
  'description'?: (string);
  /**
   * "builtin" or "skill:<name>"
   */
  'source'?: (string);
  'parametersJson'?: (string);
}

export interface ToolInfo__Output {
  'name': (string);
  'description': (string);
  /**
   * "builtin" or "skill:<name>"
   */
  'source': (string);
  'parametersJson': (string);
}
