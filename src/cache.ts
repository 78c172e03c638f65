// Cache: one cache image per stage, read before the build (this branch's, else the default branch's,
// then `cache-from`), written after the tests pass when the run may write it. A missing cache is the
// normal first run, never an error.
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import {
  actionsCacheAvailable,
  actionsCacheKeys,
  restoreImages,
  saveImages,
  type ActionsCacheKeys,
} from './actions-cache.js';
import type { BuildRequest } from './build.js';
import { cacheTable, resolveCacheMode, stageCaches, type CacheMode, type StageCache } from './cache-plan.js';
import type { Builder } from './detect.js';
import { parseStages, type DockerfileStages } from './dockerfile-stages.js';
import type { Repository } from './image-ref.js';
import type { Settings } from './inputs.js';
import type { RunContext } from './run-context.js';
import {
  exportBuildxCache,
  pushCacheImages,
  registrySources,
  tagChangedStages,
  type CachedBuild,
  type CacheSources,
} from './stage-cache.js';

export interface CacheSession {
  mode: CacheMode;
  parsed: DockerfileStages;
  caches: StageCache[];
  sources: CacheSources;
  extra: string[];
  /** actions mode: the keys, and the key restored (empty when none). */
  actions?: { keys: ActionsCacheKeys; restored: string };
}

/** Reads the Dockerfile's stages and brings this run's cache sources. */
export async function readCache(
  settings: Settings,
  image: Repository,
  context: RunContext,
  builder: Builder,
): Promise<CacheSession> {
  const text = readFileSync(settings.file, 'utf8');
  const parsed = parseStages(text, settings.buildArgs, settings.target);
  let mode = resolveCacheMode(settings.cache, settings.push, process.env);
  if (mode === 'actions' && !(await actionsCacheAvailable(process.env))) mode = 'none';
  const caches = stageCaches(image, context, parsed, builder);
  const session: CacheSession = {
    mode,
    parsed,
    caches,
    sources: { cacheFrom: [], ids: new Map() },
    extra: [],
  };
  if (mode === 'none') return session;
  session.extra = settings.cacheFrom;
  if (mode === 'registry') {
    session.sources = await registrySources(builder, caches, settings.cacheFrom, settings.retries);
  } else {
    const keys = actionsCacheKeys(image.name, text, context.branch, context.defaultBranch);
    const restored = await restoreImages(keys);
    const extra = await registrySources(builder, [], settings.cacheFrom, settings.retries);
    session.actions = { keys, restored: restored.key };
    session.sources = {
      cacheFrom: [...restored.ids.keys(), ...extra.cacheFrom],
      ids: new Map([...restored.ids, ...extra.ids]),
    };
  }
  core.info(
    `cache: ${mode}, stages ${caches.map((cache) => cache.stage.key).join(', ')}; sources: ${session.sources.cacheFrom.join(', ') || 'none'}`,
  );
  return session;
}

/** The summary section: per stage, the reference that served it and its steps from cache. */
export function cacheSection(built: CachedBuild): { heading: string; rows: string[][] } {
  return { heading: 'Build cache', rows: cacheTable(built.rows) };
}

/** Writes the changed stage cache images: pushed to the registry, or saved to the Actions cache. */
export async function writeCache(
  session: CacheSession,
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  built: CachedBuild,
  retries: number,
): Promise<string[]> {
  if (session.mode === 'none') return [];
  if (request.builder === 'buildx' && session.mode === 'registry') {
    return exportBuildxCache(request, session.caches, session.sources);
  }
  const refs = await tagChangedStages(request, session.caches, built, session.sources);
  if (session.mode === 'registry') {
    await pushCacheImages(refs, retries);
  } else if (session.actions) {
    const all = session.caches.flatMap((cache) => (cache.write ? [cache.write] : []));
    if (refs.length > 0) await saveImages(session.actions.keys, all, session.actions.restored);
  }
  return refs;
}
