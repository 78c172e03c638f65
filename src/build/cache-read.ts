// Cache, read side: the Dockerfile's stages, each stage's cache image (this branch's, else the default
// branch's, then `cache-from`), brought to the build: pulled for the legacy builder (it needs them in
// the daemon), handed by reference to BuildKit and buildx (they read the registry themselves), or
// loaded from the Actions cache. A missing cache is the normal first run, never an error.
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { CancelledError } from '../core/cancel.js';
import { errorText } from '../core/errors.js';
import { run } from '../core/exec.js';
import { parseReference, type Repository } from '../core/image-ref.js';
import { withRetries } from '../core/retry.js';
import type { Builder, BuilderFacts } from '../detect/builder.js';
import type { RunContext } from '../detect/run-context.js';
import { registrySilent } from '../registry/api.js';
import { answerWithin, firstManifest } from '../registry/lookup.js';
import type { Credentials } from '../registry/login.js';
import {
  actionsCacheAvailable,
  actionsCacheKeys,
  buildxFolders,
  restoreFolder,
  restoreImages,
  type ActionsCacheKeys,
} from './cache-actions.js';
import {
  earlierCacheQuestion,
  noCacheFlags,
  resolveCacheKey,
  stageCaches,
  type CacheMode,
  type CacheSources,
  type StageCache,
} from './cache-plan.js';
import type { BuildSettings } from './image-build.js';
import { parseStages, type DockerfileStages } from './stages.js';

/** Pulls `ref`; false when it is not there (the normal first run). */
async function pull(ref: string, retries: number): Promise<boolean> {
  try {
    await withRetries(
      () => run(['docker', 'pull', '--quiet', ref], { timeoutMs: 600_000, cancellable: true }),
      {
        retries,
        label: `pull ${ref}`,
      },
    );
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    core.info(`cache: ${ref} not available (${errorText(error)})`);
    return false;
  }
  core.info(`cache: ${ref} pulled`);
  return true;
}

/** The first of a stage's references that pulls. */
async function pullFirst(refs: readonly string[], retries: number): Promise<string | undefined> {
  for (const ref of refs) if (await pull(ref, retries)) return ref;
  return undefined;
}

/** Image IDs by reference, in one inspect. */
async function imageIds(refs: readonly string[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const result = await run(['docker', 'image', 'inspect', '--format', '{{.Id}}', ...refs], {
    timeoutMs: 60_000,
  });
  const ids = result.stdout.trim().split('\n');
  return new Map(refs.map((ref, index) => [ref, ids[index] ?? '']));
}

/**
 * The references whose registry answers: a cache in a registry that does not answer is left out with a
 * warning, rather than hanging the build or the pull that would read it.
 */
async function answering(refs: readonly string[]): Promise<Set<string>> {
  const hostOf = (ref: string): string => {
    const parsed = parseReference(ref);
    return typeof parsed === 'string' ? '' : parsed.repository.registry;
  };
  const hosts = [...new Set(refs.map(hostOf).filter(Boolean))];
  const silence = await Promise.all(hosts.map(async (host) => [host, await registrySilent(host)] as const));
  const silent = new Set(silence.filter(([, quiet]) => quiet).map(([host]) => host));
  for (const host of silent)
    core.warning(`cache: the registry ${host} does not answer; building without its cache`);
  return new Set(refs.filter((ref) => !silent.has(hostOf(ref))));
}

/** Registry cache: the legacy builder gets pulled images; BuildKit and buildx read the registry. */
async function registrySources(
  builder: Builder,
  allCaches: readonly StageCache[],
  allExtra: readonly string[],
  retries: number,
): Promise<CacheSources> {
  const usable = await answering([...allCaches.flatMap((cache) => cache.read), ...allExtra]);
  const caches = allCaches.map((cache) => ({ ...cache, read: cache.read.filter((ref) => usable.has(ref)) }));
  const extra = allExtra.filter((ref) => usable.has(ref));
  if (builder !== 'legacy')
    return {
      cacheFrom: [...caches.flatMap((cache) => cache.read), ...extra],
      ids: Promise.resolve(new Map()),
    };
  const pulled = await Promise.all([
    ...caches.map((cache) => pullFirst(cache.read, retries)),
    ...extra.map((ref) => pullFirst([ref], retries)),
  ]);
  const refs = [...new Set(pulled.filter((ref): ref is string => ref !== undefined))];
  const ids = imageIds(refs);
  // awaited after the build; marked handled so that a failure waits for it
  ids.catch(() => undefined);
  return { cacheFrom: refs, ids };
}

export interface CacheSession {
  mode: CacheMode;
  /**
   * Whether a stage before the last may have a cache to read: asked of the registry only where the
   * stages may be built apart (waves.ts); true elsewhere, false when the run reads no cache.
   */
  earlierCache: Promise<boolean>;
  builder: Builder;
  parsed: DockerfileStages;
  caches: StageCache[];
  sources: CacheSources;
  extra: string[];
  /** actions mode: the keys, and the key restored (empty when none). */
  actions?: { keys: ActionsCacheKeys; restored: string };
}

/**
 * Whether a stage before the last may have a cache to read, asked only of BuildKit through buildx's
 * `docker` driver, where the stages may be built apart: the registry is asked for the earlier stages'
 * references in turn (one session per repository) up to the first it has, within 5 s; what it cannot
 * tell counts as yes.
 */
async function lookForEarlierCache(
  session: Omit<CacheSession, 'earlierCache'>,
  facts: Pick<BuilderFacts, 'kind' | 'buildx'>,
  logins: readonly Credentials[],
): Promise<boolean> {
  if (facts.kind !== 'buildkit' || !facts.buildx) return true;
  const { caches, sources, extra, actions } = session;
  const extraRead = extra.filter((ref) => sources.cacheFrom.includes(ref));
  const question = earlierCacheQuestion(caches, sources.cacheFrom, extraRead, actions?.restored);
  if (typeof question === 'boolean') return question;
  const found = await answerWithin(firstManifest(question, logins));
  if ('reason' in found)
    core.info(`cache: could not tell whether a stage has a cache image (${found.reason})`);
  return !('missing' in found);
}

/** Reads the Dockerfile's stages and brings this run's cache sources. */
export async function readCache(
  settings: BuildSettings,
  image: Repository,
  context: RunContext,
  facts: Pick<BuilderFacts, 'kind' | 'buildx'>,
  logins: readonly Credentials[],
): Promise<CacheSession> {
  const text = readFileSync(settings.file, 'utf8');
  const parsed = parseStages(text, settings.buildArgs, settings.target);
  const builder = facts.kind;
  let mode = settings.cache;
  if (mode === 'actions' && !(await actionsCacheAvailable(process.env, builder === 'buildx'))) mode = 'none';
  const home = {
    repository: settings.cacheRepository ?? image,
    key: resolveCacheKey(settings.cacheKey, parsed, settings.target, settings.buildArgs, context),
  };
  const caches = stageCaches(home, context, parsed, builder);
  const session: CacheSession = {
    mode,
    builder,
    parsed,
    caches,
    sources: { cacheFrom: [], ids: Promise.resolve(new Map()) },
    extra: [],
    earlierCache: Promise.resolve(false),
  };
  // A build with --no-cache would not use what it read; it still writes a fresh cache.
  if (mode === 'none' || noCacheFlags(settings.noCache, context.event).noCache) return session;
  session.extra = settings.cacheFrom;
  if (mode === 'registry') {
    session.sources = await registrySources(builder, caches, settings.cacheFrom, settings.retries);
  } else {
    const keys = actionsCacheKeys(
      home.key ? `${home.repository.name}:${home.key}` : home.repository.name,
      text,
      context.branch,
      context.defaultBranch,
    );
    const extra = await registrySources(builder, [], settings.cacheFrom, settings.retries);
    if (builder === 'buildx') {
      // buildx exports and imports its cache as a folder: it may not read images loaded into the daemon
      const { src } = buildxFolders();
      const restored = await restoreFolder(keys, src);
      session.actions = { keys, restored };
      session.sources = {
        cacheFrom: [...(restored ? [`type=local,src=${src}`] : []), ...extra.cacheFrom],
        ids: extra.ids,
      };
    } else {
      const restored = await restoreImages(keys);
      session.actions = { keys, restored: restored.key };
      session.sources = {
        cacheFrom: [...restored.ids.keys(), ...extra.cacheFrom],
        ids: extra.ids.then((ids) => new Map([...restored.ids, ...ids])),
      };
    }
  }
  core.info(
    `cache: ${mode}, stages ${caches.map((cache) => cache.stage.key).join(', ')}; sources: ${session.sources.cacheFrom.join(', ') || 'none'}`,
  );
  // asked while the build's facts settle; awaited by the build (a failure counts as yes)
  session.earlierCache = lookForEarlierCache(session, facts, logins).catch(() => true);
  return session;
}
