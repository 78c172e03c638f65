// The Actions cache service, for the stage cache images (build/cache-actions.ts) and the installs
// (install/pipeline.ts). The one place that imports @actions/cache, and only when used: it takes half a
// second to load, which every other run would pay.

export type ActionsCache = typeof import('@actions/cache');

export const loadActionsCache = (): Promise<ActionsCache> => import('@actions/cache');

/** @actions/cache where an Actions cache service is there, else undefined (without loading it). */
export async function cacheService(
  env: Record<string, string | undefined> = process.env,
): Promise<ActionsCache | undefined> {
  if (!env.ACTIONS_CACHE_URL && !env.ACTIONS_RESULTS_URL) return undefined;
  const cache = await loadActionsCache();
  return cache.isFeatureAvailable() ? cache : undefined;
}
