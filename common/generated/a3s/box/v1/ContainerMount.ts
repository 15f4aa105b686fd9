// Original file: proto/agent.proto


export interface ContainerMount {
  /**
   * entry under the container's folder in the share: mounts/<index>
   */
  'source'?: (string);
  /**
   * absolute path inside the container
   */
  'target'?: (string);
  'readOnly'?: (boolean);
}

export interface ContainerMount__Output {
  /**
   * entry under the container's folder in the share: mounts/<index>
   */
  'source': (string);
  /**
   * absolute path inside the container
   */
  'target': (string);
  'readOnly': (boolean);
}
