// Original file: proto/agent.proto


export interface LaneStats {
  /**
   * control | query | execute | generate
   */
  'lane'?: (string);
  /**
   * commands waiting
   */
  'depth'?: (number);
  'running'?: (number);
  'concurrency'?: (number);
  'waitP50Ms'?: (number | string);
  'waitMaxMs'?: (number | string);
}

export interface LaneStats__Output {
  /**
   * control | query | execute | generate
   */
  'lane': (string);
  /**
   * commands waiting
   */
  'depth': (number);
  'running': (number);
  'concurrency': (number);
  'waitP50Ms': (number);
  'waitMaxMs': (number);
}
