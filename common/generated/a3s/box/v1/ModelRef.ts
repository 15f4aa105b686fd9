// Original file: proto/agent.proto


export interface ModelRef {
  /**
   * anthropic | openai | deepseek | groq | together | ollama
   */
  'provider'?: (string);
  'name'?: (string);
}

export interface ModelRef__Output {
  /**
   * anthropic | openai | deepseek | groq | together | ollama
   */
  'provider': (string);
  'name': (string);
}
