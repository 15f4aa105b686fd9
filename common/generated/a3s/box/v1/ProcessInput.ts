// Original file: proto/agent.proto

import type { ProcessStart as _a3s_box_v1_ProcessStart, ProcessStart__Output as _a3s_box_v1_ProcessStart__Output } from '../../../a3s/box/v1/ProcessStart';

export interface ProcessInput {
  'start'?: (_a3s_box_v1_ProcessStart | null);
  'stdin'?: (Buffer | Uint8Array | string);
  'closeStdin'?: (boolean);
  'input'?: "start"|"stdin"|"closeStdin";
}

export interface ProcessInput__Output {
  'start'?: (_a3s_box_v1_ProcessStart__Output | null);
  'stdin'?: (Buffer);
  'closeStdin'?: (boolean);
  'input'?: "start"|"stdin"|"closeStdin";
}
