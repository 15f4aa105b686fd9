// Original file: proto/agent.proto

import type { FileStat as _a3s_box_v1_FileStat, FileStat__Output as _a3s_box_v1_FileStat__Output } from '../../../a3s/box/v1/FileStat';

export interface ListDirResponse {
  'entries'?: (_a3s_box_v1_FileStat)[];
}

export interface ListDirResponse__Output {
  'entries': (_a3s_box_v1_FileStat__Output)[];
}
