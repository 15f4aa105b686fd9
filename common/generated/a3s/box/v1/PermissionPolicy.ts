// Original file: proto/agent.proto


export interface PermissionPolicy {
  /**
   * rules: "bash", "bash(npm test*)", "write(src/**)"
   */
  'allow'?: (string)[];
  'ask'?: (string)[];
  'deny'?: (string)[];
  /**
   * allow | ask | deny; empty means allow
   */
  'defaultDecision'?: (string);
}

export interface PermissionPolicy__Output {
  /**
   * rules: "bash", "bash(npm test*)", "write(src/**)"
   */
  'allow': (string)[];
  'ask': (string)[];
  'deny': (string)[];
  /**
   * allow | ask | deny; empty means allow
   */
  'defaultDecision': (string);
}
