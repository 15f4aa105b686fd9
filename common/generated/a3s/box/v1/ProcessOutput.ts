// Original file: proto/agent.proto

import type { ProcessExit as _a3s_box_v1_ProcessExit, ProcessExit__Output as _a3s_box_v1_ProcessExit__Output } from '../../../a3s/box/v1/ProcessExit';

export interface ProcessOutput {
  'started'?: (boolean);
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  'exit'?: (_a3s_box_v1_ProcessExit | null);
  'output'?: "started"|"stdout"|"stderr"|"exit";
}

export interface ProcessOutput__Output {
  'started'?: (boolean);
  'stdout'?: (Buffer);
  'stderr'?: (Buffer);
  'exit'?: (_a3s_box_v1_ProcessExit__Output | null);
  'output'?: "started"|"stdout"|"stderr"|"exit";
}
