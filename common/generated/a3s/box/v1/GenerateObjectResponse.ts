// Original file: proto/agent.proto

import type { Usage as _a3s_box_v1_Usage, Usage__Output as _a3s_box_v1_Usage__Output } from '../../../a3s/box/v1/Usage';

export interface GenerateObjectResponse {
  'objectJson'?: (string);
  'usage'?: (_a3s_box_v1_Usage | null);
}

export interface GenerateObjectResponse__Output {
  'objectJson': (string);
  'usage': (_a3s_box_v1_Usage__Output | null);
}
