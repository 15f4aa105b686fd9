// Original file: proto/agent.proto


export interface ConfirmationAnswer {
  'sessionId'?: (string);
  'requestId'?: (string);
  /**
   * allow | deny
   */
  'decision'?: (string);
  /**
   * once (default) | session
   */
  'remember'?: (string);
  'message'?: (string);
}

export interface ConfirmationAnswer__Output {
  'sessionId': (string);
  'requestId': (string);
  /**
   * allow | deny
   */
  'decision': (string);
  /**
   * once (default) | session
   */
  'remember': (string);
  'message': (string);
}
