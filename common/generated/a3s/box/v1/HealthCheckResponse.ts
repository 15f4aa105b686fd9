// Original file: proto/agent.proto

import type { LaneStats as _a3s_box_v1_LaneStats, LaneStats__Output as _a3s_box_v1_LaneStats__Output } from '../../../a3s/box/v1/LaneStats';

export interface HealthCheckResponse {
  /**
   * "ok"
   */
  'status'?: (string);
  'version'?: (string);
  'uptimeMs'?: (number | string);
  'sessionCount'?: (number);
  'lanes'?: (_a3s_box_v1_LaneStats)[];
}

export interface HealthCheckResponse__Output {
  /**
   * "ok"
   */
  'status': (string);
  'version': (string);
  'uptimeMs': (number);
  'sessionCount': (number);
  'lanes': (_a3s_box_v1_LaneStats__Output)[];
}
