// Original file: proto/agent.proto

import type { PermissionPolicy as _a3s_box_v1_PermissionPolicy, PermissionPolicy__Output as _a3s_box_v1_PermissionPolicy__Output } from '../../../a3s/box/v1/PermissionPolicy';

export interface SetPermissionPolicyRequest {
  'sessionId'?: (string);
  'policy'?: (_a3s_box_v1_PermissionPolicy | null);
}

export interface SetPermissionPolicyRequest__Output {
  'sessionId': (string);
  'policy': (_a3s_box_v1_PermissionPolicy__Output | null);
}
