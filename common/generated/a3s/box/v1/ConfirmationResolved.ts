// Original file: proto/agent.proto


export interface ConfirmationResolved {
  'requestId'?: (string);
  /**
   * allow | deny
   */
  'decision'?: (string);
  /**
   * "human", "timeout", "cancelled", ...
   */
  'reason'?: (string);
}

export interface ConfirmationResolved__Output {
  'requestId': (string);
  /**
   * allow | deny
   */
  'decision': (string);
  /**
   * "human", "timeout", "cancelled", ...
   */
  'reason': (string);
}
