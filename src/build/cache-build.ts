// Cache executor: bring the stage cache images to the build (the legacy builder needs them pulled;
// BuildKit reads them from the registry itself), and after the tests pass, tag and push the ones that
// changed, in parallel.
import * as core from '@actions/core';
import { build, type BuildRequest, type BuildResult } from './image-build.js';
import {
  buildxCacheTo,
  cacheFromArgs,
  creditHits,
  needsPush,
  type StageCache,
  type StageReport,
} from './cache-plan.js';
import type { Builder } from '../detect/environment.js';
import type { DockerfileStages } from './stages.js';
import { run } from '../core/exec.js';
import { withRetries } from '../core/retry.js';
import { missingCacheRefs, stageHits } from './hits.js';

export interface CacheSources {
  /** References handed to `--cache-from`, in order. */
  cacheFrom: string[];
  /**
   * Image IDs of what was pulled or loaded, by reference (legacy builder, actions cache). Read after
   * the build: the inspect runs beside it.
   */
  ids: Promise<Map<string, string>>;
}

/** Pulls `ref`; false when it is not there (the normal first run). */
async function pull(ref: string, retries: number): Promise<boolean> {
  try {
    await withRetries(() => run(['docker', 'pull', '--quiet', ref], { timeoutMs: 600_000 }), {
      retries,
      label: `pull ${ref}`,
    });
  } catch (error) {
    core.info(`cache: ${ref} not available (${error instanceof Error ? error.message : error})`);
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

/** Registry cache: the legacy builder gets pulled images; BuildKit and buildx read the registry. */
export async function registrySources(
  builder: Builder,
  caches: readonly StageCache[],
  extra: readonly string[],
  retries: number,
): Promise<CacheSources> {
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

export interface CachedBuild extends BuildResult {
  rows: StageReport[];
}

/** The one build the tests use, with every cache source; per-stage rows read from its output. */
export async function buildWithCache(
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  parsed: DockerfileStages,
  caches: readonly StageCache[],
  sources: CacheSources,
  extra: readonly string[],
): Promise<CachedBuild> {
  const built = await build({ ...request, cacheFrom: cacheFromArgs(request.builder, sources.cacheFrom) });
  const ids = await sources.ids;
  const missing = missingCacheRefs(built.output);
  const found = (ref: string): boolean =>
    request.builder === 'legacy' || ids.size > 0
      ? ids.has(ref)
      : sources.cacheFrom.includes(ref) && !missing.has(ref);
  const rows = stageHits(
    request.builder,
    built.output,
    parsed.stages,
    caches.map((cache) => cache.stage.index),
  );
  return { ...built, rows: creditHits(caches, rows, found, extra) };
}

/**
 * Gives each changed stage its cache image under the write reference: the final image itself, the
 * legacy builder's stage image by ID, or (BuildKit) a build of the stage as its own target, served by
 * the local cache the first build left. Returns the references to push.
 */
export async function tagChangedStages(
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  caches: readonly StageCache[],
  built: CachedBuild,
  sources: CacheSources,
): Promise<string[]> {
  const missing = missingCacheRefs(built.output);
  const ids = await sources.ids;
  const last = caches[caches.length - 1]?.stage.index;
  const changed = caches.flatMap((cache, index) => {
    const row = built.rows[index];
    if (!row || !cache.write) return [];
    const existing =
      ids.get(cache.write) ??
      (sources.cacheFrom.includes(cache.write) && !missing.has(cache.write) ? '' : undefined);
    if (needsPush(request.builder, cache, row, existing)) return [{ cache, row, write: cache.write }];
    core.info(`cache: ${cache.write} unchanged, not pushed again`);
    return [];
  });
  // All at once: tags are instant, and BuildKit serves each stage build from the local cache.
  await Promise.all(
    changed.map(({ cache, row, write }) => {
      if (cache.stage.index === last) return run(['docker', 'tag', built.imageId, write]);
      if (request.builder === 'legacy' && row.imageId) return run(['docker', 'tag', row.imageId, write]);
      const stage = { ...request, target: cache.stage.key, tags: [write], noCache: false, pull: false };
      return build({ ...stage, cacheFrom: [] }, { quiet: true });
    }),
  );
  return changed.map(({ write }) => write);
}

/** buildx: one export of every stage's cache (mode=max) to this branch's reference, served by the local cache. */
export async function exportBuildxCache(
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  caches: readonly StageCache[],
  sources: CacheSources,
): Promise<void> {
  const write = caches[0]?.write;
  if (!write) return;
  await build({
    ...request,
    tags: [],
    load: false,
    cacheFrom: cacheFromArgs('buildx', sources.cacheFrom),
    cacheTo: [buildxCacheTo(write)],
  });
}
