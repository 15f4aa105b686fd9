// Original file: proto/agent.proto

import type { SessionInfo as _a3s_box_v1_SessionInfo, SessionInfo__Output as _a3s_box_v1_SessionInfo__Output } from '../../../a3s/box/v1/SessionInfo';

export interface ListSessionsResponse {
  'sessions'?: (_a3s_box_v1_SessionInfo)[];
}

export interface ListSessionsResponse__Output {
  'sessions': (_a3s_box_v1_SessionInfo__Output)[];
}
