// Original file: proto/agent.proto


export interface UnloadSkillRequest {
  'name'?: (string);
}

export interface UnloadSkillRequest__Output {
  'name': (string);
}
