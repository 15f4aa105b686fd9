// Original file: proto/agent.proto


export interface PermissionPolicy {
  /**
   * rules: "bash", "bash(npm test*)", "write(src/**)"
   */
  'allow'?: (string)[];
  'ask'?: (string)[];
  'deny'?: (string)[];
  /**
   * allow | ask | deny; empty: allow without rules, ask with rules
   */
  'defaultDecision'?: (string);
  /**
   * rules a person added with "Always allow"; checked right after deny
   */
  'remembered'?: (string)[];
}

export interface PermissionPolicy__Output {
  /**
   * rules: "bash", "bash(npm test*)", "write(src/**)"
   */
  'allow': (string)[];
  'ask': (string)[];
  'deny': (string)[];
  /**
   * allow | ask | deny; empty: allow without rules, ask with rules
   */
  'defaultDecision': (string);
  /**
   * rules a person added with "Always allow"; checked right after deny
   */
  'remembered': (string)[];
}
