// Original file: proto/agent.proto


/**
 * Which skills a session sees: names, `*` matching any run of characters.
 */
export interface SkillFilter {
  /**
   * empty: every skill
   */
  'include'?: (string)[];
  /**
   * applied after include
   */
  'exclude'?: (string)[];
}

/**
 * Which skills a session sees: names, `*` matching any run of characters.
 */
export interface SkillFilter__Output {
  /**
   * empty: every skill
   */
  'include': (string)[];
  /**
   * applied after include
   */
  'exclude': (string)[];
}
