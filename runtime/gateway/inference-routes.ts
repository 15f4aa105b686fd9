import { PROVIDERS, type ProviderName } from "../../common/providers";

export function isInferenceRoute(provider: ProviderName, method: string | undefined, path: string): boolean {
  return PROVIDERS[provider].inferenceRoutes.some((route) => route.method === method && route.path === path);
}

export function describeRoutes(provider: ProviderName, prefix: string): string {
  return PROVIDERS[provider].inferenceRoutes.map((route) => `${route.method} ${prefix}${route.path}`).join(", ");
}
