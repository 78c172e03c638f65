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
} from './cache-actions.js';
import type { BuildRequest } from './image-build.js';
import {
  cacheTable,
  noCacheFlags,
  resolveCacheMode,
  stageCaches,
  type CacheMode,
  type StageCache,
} from './cache-plan.js';
import type { Builder } from '../detect/environment.js';
import { parseStages, type DockerfileStages } from './stages.js';
import type { Repository } from '../core/image-ref.js';
import type { Credentials, Settings } from '../inputs.js';
import { tagInRegistry } from '../registry/api.js';
import {
  pushAtOnce,
  pushInWaves,
  readWaveLayers,
  tagOrPush,
  type ImageLayers,
  type InRegistry,
} from '../registry/push.js';
import type { RunContext } from '../detect/run-context.js';
import {
  exportBuildxCache,
  registrySources,
  tagChangedStages,
  type CachedBuild,
  type CacheSources,
} from './cache-build.js';

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
    sources: { cacheFrom: [], ids: Promise.resolve(new Map()) },
    extra: [],
  };
  // A build with --no-cache would not use what it read; it still writes a fresh cache.
  if (mode === 'none' || noCacheFlags(settings.noCache, context.event).noCache) return session;
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
      ids: extra.ids.then((ids) => new Map([...restored.ids, ...ids])),
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

/**
 * Gives each changed stage its cache image under its write reference (BuildKit builds the stage as its
 * own target, served by the local cache): the references to write. buildx writes all stages at once.
 */
async function stageCacheImages(
  session: CacheSession,
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  built: CachedBuild,
): Promise<string[]> {
  if (session.mode === 'none') return [];
  if (request.builder === 'buildx' && session.mode === 'registry') {
    return session.caches[0]?.write ? [session.caches[0].write] : [];
  }
  return tagChangedStages(request, session.caches, built, session.sources);
}

/**
 * Writes them: pushed to the registry (buildx: one cache export), or saved to the Actions cache.
 * `pushed`: an image the registry has already (pushInWaves tags it there rather than pushing it);
 * `read`: pushInWaves' reading of the layers, started earlier.
 */
export async function writeCache(
  session: CacheSession,
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  refs: readonly string[],
  retries: number,
  pushed?: InRegistry,
  read?: Promise<ImageLayers[]>,
): Promise<void> {
  if (refs.length === 0) return;
  if (request.builder === 'buildx' && session.mode === 'registry') {
    await exportBuildxCache(request, session.caches, session.sources);
  } else if (session.mode === 'registry') {
    await pushInWaves(refs, retries, pushed, read);
  } else if (session.actions) {
    const all = session.caches.flatMap((cache) => (cache.write ? [cache.write] : []));
    await saveImages(session.actions.keys, all, session.actions.restored);
  }
}

/** The stage cache images to write, being made ready (tagged or built from the local cache). */
export interface PreparedCache {
  session: CacheSession;
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>;
  refs: Promise<string[]>;
}

/**
 * Starts making the stage cache images ready; awaited when the tests pass, and left to finish
 * unread when they fail.
 */
export function prepareCache(
  session: CacheSession,
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  built: CachedBuild,
): PreparedCache {
  const refs = stageCacheImages(session, request, built);
  refs.catch(() => undefined);
  return { session, request, refs };
}

/** What the tags push: the image, and where the registry has it already, if anywhere. */
export interface PushedImage {
  imageId: string;
  /** A reference in the image's own repository that served the final stage whole (wholeFromRepository). */
  whole: string | undefined;
  login: Credentials | undefined;
}

/**
 * Pushes the tags and, when `cache` is given, the changed stage cache images. The first tag uploads the
 * layers alone (pushes of the same new layer at the same time race in the registry: "blob unknown to
 * registry"); the other tags then go on its manifest in the registry, beside the cache images. When the
 * final stage came whole from the image's repository (`whole`), every tag goes on that manifest if it
 * is the very image (pushFirst).
 */
export async function pushWithCache(
  tags: readonly string[],
  retries: number,
  cache: PreparedCache | undefined,
  image: PushedImage,
): Promise<[{ pushed: string[]; digest: string }, string[]]> {
  const { imageId, login } = image;
  const pushed = tags[0] ? { ref: tags[0], imageId, login } : undefined;
  // the stage cache images' layers are read beside the first push, once they are ready
  const read = cache?.refs.then((refs) => (refs.length > 0 ? readWaveLayers(refs, pushed) : []));
  read?.catch(() => undefined);
  const [[digest, rest], refs] = await Promise.all([pushFirst(tags, retries, image), cache?.refs ?? []]);
  const [later] = await Promise.all([
    tagOrPush(tags[0] ?? '', rest, imageId, retries, login),
    cache ? writeCache(cache.session, cache.request, refs, retries, pushed, read) : Promise.resolve(),
  ]);
  return [{ pushed: [...tags], digest: digest || later }, refs];
}

/**
 * Puts the first tag in the registry, or every tag when they can all go on the manifest of the cache
 * image the final stage came from; returns the digest and the tags still to put. A final stage from
 * the cache can still make another image: BuildKit writes its inline cache records in no fixed order,
 * so the config may differ while every layer is there. Then the first tag goes alone with docker (only
 * the config to upload), as one new blob must not be pushed by several tags at once.
 */
async function pushFirst(
  tags: readonly string[],
  retries: number,
  image: PushedImage,
): Promise<[string, string[]]> {
  const { imageId, whole, login } = image;
  if (whole) {
    const tagged = await tagInRegistry(whole, tags, imageId, login);
    if ('digest' in tagged) {
      core.info(`push: the final stage came whole from ${whole}, the very image: every tag goes on it`);
      for (const tag of tags) core.info(`pushed ${tag} (tagged in the registry)`);
      return [tagged.digest, []];
    }
    core.info(`push: not tagged on ${whole} (${tagged.reason}); the first tag with docker push`);
  }
  return [await pushAtOnce(tags.slice(0, 1), retries), tags.slice(1)];
}
