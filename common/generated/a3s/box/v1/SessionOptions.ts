// Original file: proto/agent.proto

import type { ModelRef as _a3s_box_v1_ModelRef, ModelRef__Output as _a3s_box_v1_ModelRef__Output } from '../../../a3s/box/v1/ModelRef';
import type { PermissionPolicy as _a3s_box_v1_PermissionPolicy, PermissionPolicy__Output as _a3s_box_v1_PermissionPolicy__Output } from '../../../a3s/box/v1/PermissionPolicy';
import type { SkillFilter as _a3s_box_v1_SkillFilter, SkillFilter__Output as _a3s_box_v1_SkillFilter__Output } from '../../../a3s/box/v1/SkillFilter';

export interface SessionOptions {
  'systemPrompt'?: (string);
  'model'?: (_a3s_box_v1_ModelRef | null);
  /**
   * relative to the workspace
   */
  'cwd'?: (string);
  'thinking'?: (boolean);
  /**
   * default 50
   */
  'maxSteps'?: (number);
  /**
   * tokens; default from the model
   */
  'contextWindow'?: (number);
  /**
   * default 600000
   */
  'confirmationTimeoutMs'?: (number);
  'permissionPolicy'?: (_a3s_box_v1_PermissionPolicy | null);
  'title'?: (string);
  /**
   * unset: every skill
   */
  'skillFilter'?: (_a3s_box_v1_SkillFilter | null);
  '_systemPrompt'?: "systemPrompt";
  '_model'?: "model";
  '_cwd'?: "cwd";
  '_thinking'?: "thinking";
  '_maxSteps'?: "maxSteps";
  '_contextWindow'?: "contextWindow";
  '_confirmationTimeoutMs'?: "confirmationTimeoutMs";
  '_permissionPolicy'?: "permissionPolicy";
  '_title'?: "title";
  '_skillFilter'?: "skillFilter";
}

export interface SessionOptions__Output {
  'systemPrompt'?: (string);
  'model'?: (_a3s_box_v1_ModelRef__Output | null);
  /**
   * relative to the workspace
   */
  'cwd'?: (string);
  'thinking'?: (boolean);
  /**
   * default 50
   */
  'maxSteps'?: (number);
  /**
   * tokens; default from the model
   */
  'contextWindow'?: (number);
  /**
   * default 600000
   */
  'confirmationTimeoutMs'?: (number);
  'permissionPolicy'?: (_a3s_box_v1_PermissionPolicy__Output | null);
  'title'?: (string);
  /**
   * unset: every skill
   */
  'skillFilter'?: (_a3s_box_v1_SkillFilter__Output | null);
  '_systemPrompt'?: "systemPrompt";
  '_model'?: "model";
  '_cwd'?: "cwd";
  '_thinking'?: "thinking";
  '_maxSteps'?: "maxSteps";
  '_contextWindow'?: "contextWindow";
  '_confirmationTimeoutMs'?: "confirmationTimeoutMs";
  '_permissionPolicy'?: "permissionPolicy";
  '_title'?: "title";
  '_skillFilter'?: "skillFilter";
}
