import { A3sError, ErrorCodes } from "../../../common/errors";
import { PROVIDERS, isProviderName, thinkingProblem } from "../../../common/providers";
import type { ModelRequest } from "./model-provider";

/** INVALID_ARGUMENT, before any request, when thinking is asked of a model that cannot think. */
export function refuseIfCannotThink(provider: string, request: ModelRequest): void {
  if (!request.thinking || !isProviderName(provider)) return;
  const problem = thinkingProblem(provider, request.model);
  if (problem) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, problem);
}

/**
 * What a Chat Completions request changes to think: OpenAI's `reasoning_effort`; for
 * DeepSeek its reasoner model in place of its chat model, or its `thinking` toggle for
 * other models. Empty when thinking is off.
 */
export function openAiThinkingFields(provider: string, request: ModelRequest): Record<string, unknown> {
  if (!request.thinking || !isProviderName(provider)) return {};
  const spec = PROVIDERS[provider];
  switch (spec.thinking) {
    case "effort":
      return { reasoning_effort: "high" };
    case "reasoner": {
      const reasoners = spec.reasonerModels ?? {};
      if (Object.hasOwn(reasoners, request.model)) return { model: reasoners[request.model] };
      return Object.values(reasoners).includes(request.model) ? {} : { thinking: { type: "enabled" } };
    }
    default:
      return {};
  }
}
