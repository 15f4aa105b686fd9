// Original file: proto/agent.proto


export interface ToolCall {
  'id'?: (string);
  'name'?: (string);
  'argsJson'?: (string);
}

export interface ToolCall__Output {
  'id': (string);
  'name': (string);
  'argsJson': (string);
}
