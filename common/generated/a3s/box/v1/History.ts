// Original file: proto/agent.proto

import type { HistoryMessage as _a3s_box_v1_HistoryMessage, HistoryMessage__Output as _a3s_box_v1_HistoryMessage__Output } from '../../../a3s/box/v1/HistoryMessage';

export interface History {
  'messages'?: (_a3s_box_v1_HistoryMessage)[];
}

export interface History__Output {
  'messages': (_a3s_box_v1_HistoryMessage__Output)[];
}
