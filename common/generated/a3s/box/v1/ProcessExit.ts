// Original file: proto/agent.proto


export interface ProcessExit {
  /**
   * the exit status, or 128 + the signal's number
   */
  'code'?: (number);
  /**
   * e.g. SIGKILL, when a signal ended it
   */
  'signal'?: (string);
}

export interface ProcessExit__Output {
  /**
   * the exit status, or 128 + the signal's number
   */
  'code': (number);
  /**
   * e.g. SIGKILL, when a signal ended it
   */
  'signal': (string);
}
