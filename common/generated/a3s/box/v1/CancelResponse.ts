// Original file: proto/agent.proto


export interface CancelResponse {
  /**
   * false when nothing was running
   */
  'cancelled'?: (boolean);
}

export interface CancelResponse__Output {
  /**
   * false when nothing was running
   */
  'cancelled': (boolean);
}
