// Original file: proto/agent.proto


export interface LoadSkillRequest {
  'name'?: (string);
  /**
   * the SKILL.md text
   */
  'content'?: (string);
}

export interface LoadSkillRequest__Output {
  'name': (string);
  /**
   * the SKILL.md text
   */
  'content': (string);
}
