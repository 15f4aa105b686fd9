// Original file: proto/agent.proto

import type { SkillInfo as _a3s_box_v1_SkillInfo, SkillInfo__Output as _a3s_box_v1_SkillInfo__Output } from '../../../a3s/box/v1/SkillInfo';
import type { ToolInfo as _a3s_box_v1_ToolInfo, ToolInfo__Output as _a3s_box_v1_ToolInfo__Output } from '../../../a3s/box/v1/ToolInfo';

export interface ListSkillsResponse {
  'skills'?: (_a3s_box_v1_SkillInfo)[];
  'tools'?: (_a3s_box_v1_ToolInfo)[];
}

export interface ListSkillsResponse__Output {
  'skills': (_a3s_box_v1_SkillInfo__Output)[];
  'tools': (_a3s_box_v1_ToolInfo__Output)[];
}
