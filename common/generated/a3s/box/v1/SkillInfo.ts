// Original file: proto/agent.proto


export interface SkillInfo {
  'name'?: (string);
  'description'?: (string);
  'tools'?: (string)[];
  'builtin'?: (boolean);
}

export interface SkillInfo__Output {
  'name': (string);
  'description': (string);
  'tools': (string)[];
  'builtin': (boolean);
}
