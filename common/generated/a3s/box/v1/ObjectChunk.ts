// Original file: proto/agent.proto

import type { Usage as _a3s_box_v1_Usage, Usage__Output as _a3s_box_v1_Usage__Output } from '../../../a3s/box/v1/Usage';

export interface ObjectChunk {
  'partialObjectJson'?: (string);
  'objectJson'?: (string);
  /**
   * set with object_json
   */
  'usage'?: (_a3s_box_v1_Usage | null);
  'chunk'?: "partialObjectJson"|"objectJson";
}

export interface ObjectChunk__Output {
  'partialObjectJson'?: (string);
  'objectJson'?: (string);
  /**
   * set with object_json
   */
  'usage': (_a3s_box_v1_Usage__Output | null);
  'chunk'?: "partialObjectJson"|"objectJson";
}
