// Original file: proto/agent.proto


export interface SignalRequest {
  'containerId'?: (string);
  /**
   * SIGTERM, SIGKILL, …
   */
  'signal'?: (string);
}

export interface SignalRequest__Output {
  'containerId': (string);
  /**
   * SIGTERM, SIGKILL, …
   */
  'signal': (string);
}
