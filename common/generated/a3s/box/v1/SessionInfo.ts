// Original file: proto/agent.proto

import type { SessionOptions as _a3s_box_v1_SessionOptions, SessionOptions__Output as _a3s_box_v1_SessionOptions__Output } from '../../../a3s/box/v1/SessionOptions';

export interface SessionInfo {
  'id'?: (string);
  'options'?: (_a3s_box_v1_SessionOptions | null);
  'createdAtMs'?: (number | string);
  'updatedAtMs'?: (number | string);
  'messageCount'?: (number);
}

export interface SessionInfo__Output {
  'id': (string);
  'options': (_a3s_box_v1_SessionOptions__Output | null);
  'createdAtMs': (number);
  'updatedAtMs': (number);
  'messageCount': (number);
}
