import { IMAGE_GENERATION_ROUTE, IMAGE_PROVIDERS, PROVIDERS, type ProviderName } from "../../common/providers";

export function isInferenceRoute(provider: ProviderName, method: string | undefined, path: string): boolean {
  return PROVIDERS[provider].inferenceRoutes.some((route) => route.method === method && route.path === path);
}

function describeRoutes(provider: ProviderName): string {
  return PROVIDERS[provider].inferenceRoutes.map((route) => `${route.method} ${route.path}`).join(", ");
}

/** Why a request that is not one of the provider's inference routes is refused, for the box to read. */
export function refusalMessage(provider: ProviderName, method: string | undefined, path: string): string {
  if (method === IMAGE_GENERATION_ROUTE.method && path === IMAGE_GENERATION_ROUTE.path) {
    return `${provider} offers no image generation here; image generation goes to ${IMAGE_PROVIDERS.join(", ")}`;
  }
  return `a box may only call the model: ${method} ${path} is not an inference endpoint of ${provider} (allowed: ${describeRoutes(provider)})`;
}
