// Original file: proto/agent.proto

import type { Usage as _a3s_box_v1_Usage, Usage__Output as _a3s_box_v1_Usage__Output } from '../../../a3s/box/v1/Usage';

export interface Finish {
  'usage'?: (_a3s_box_v1_Usage | null);
  /**
   * stop | tool-calls | length | max-steps | cancelled | error | budget
   */
  'finishReason'?: (string);
}

export interface Finish__Output {
  'usage': (_a3s_box_v1_Usage__Output | null);
  /**
   * stop | tool-calls | length | max-steps | cancelled | error | budget
   */
  'finishReason': (string);
}
