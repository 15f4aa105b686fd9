// Original file: proto/agent.proto

import type { ContainerMount as _a3s_box_v1_ContainerMount, ContainerMount__Output as _a3s_box_v1_ContainerMount__Output } from '../../../a3s/box/v1/ContainerMount';

export interface ProcessStart {
  /**
   * the container's folder in the share (holding rootfs/ and mounts/)
   */
  'containerId'?: (string);
  /**
   * true: create the container and run its main process; false: exec in it
   */
  'create'?: (boolean);
  'argv'?: (string)[];
  /**
   * KEY=VALUE
   */
  'env'?: (string)[];
  /**
   * main process only; an exec runs in the main process's
   */
  'workingDir'?: (string);
  'hostname'?: (string);
  'mounts'?: (_a3s_box_v1_ContainerMount)[];
  /**
   * whether input follows; without it the process reads /dev/null
   */
  'stdin'?: (boolean);
}

export interface ProcessStart__Output {
  /**
   * the container's folder in the share (holding rootfs/ and mounts/)
   */
  'containerId': (string);
  /**
   * true: create the container and run its main process; false: exec in it
   */
  'create': (boolean);
  'argv': (string)[];
  /**
   * KEY=VALUE
   */
  'env': (string)[];
  /**
   * main process only; an exec runs in the main process's
   */
  'workingDir': (string);
  'hostname': (string);
  'mounts': (_a3s_box_v1_ContainerMount__Output)[];
  /**
   * whether input follows; without it the process reads /dev/null
   */
  'stdin': (boolean);
}
