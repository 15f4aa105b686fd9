// Original file: proto/agent.proto


export interface CompactResponse {
  'tokensBefore'?: (number);
  'tokensAfter'?: (number);
  'messagesBefore'?: (number);
  'messagesAfter'?: (number);
}

export interface CompactResponse__Output {
  'tokensBefore': (number);
  'tokensAfter': (number);
  'messagesBefore': (number);
  'messagesAfter': (number);
}
