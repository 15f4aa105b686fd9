// Original file: proto/agent.proto

import type { SessionOptions as _a3s_box_v1_SessionOptions, SessionOptions__Output as _a3s_box_v1_SessionOptions__Output } from '../../../a3s/box/v1/SessionOptions';

export interface ConfigureRequest {
  'sessionId'?: (string);
  /**
   * only the fields set are changed
   */
  'options'?: (_a3s_box_v1_SessionOptions | null);
}

export interface ConfigureRequest__Output {
  'sessionId': (string);
  /**
   * only the fields set are changed
   */
  'options': (_a3s_box_v1_SessionOptions__Output | null);
}
