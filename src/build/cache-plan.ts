// The cache plan: which cache images each stage reads and writes, how they reach the build for each
// builder, and which of them a run pushes. Pure: inputs and the detected builder in, references out.
//
// Cache images are tags of the image's own repository, `<image>:cache-<branch>-<stage>`: that works on
// every registry (Docker Hub allows no nested repository, ECR wants every repository created first, a
// second repository needs permissions of its own on GHCR), uses the same login, and the final stage's
// cache image shares its layers with the image itself, so pushing it uploads nothing new.
import { createHash } from 'node:crypto';
import type { Builder } from '../detect/builder.js';
import type { KeyValue } from '../core/input-values.js';
import type { DockerfileStages, Stage } from './stages.js';
import { splitReference, toTag, type Repository } from '../core/image-ref.js';
import type { RunContext } from '../detect/run-context.js';
import type { StageHits } from './hits.js';

export type CacheMode = 'registry' | 'actions' | 'none';
export type NoCacheMode = 'auto' | 'true' | 'false';

export interface CacheSources {
  /** References handed to `--cache-from`, in order. */
  cacheFrom: string[];
  /**
   * Image IDs of what was pulled or loaded, by reference (legacy builder, actions cache). Read after
   * the build: the inspect runs beside it.
   */
  ids: Promise<Map<string, string>>;
}

export interface StageCache {
  stage: Stage;
  /** Where an earlier build of the stage may be, best first: this branch's, the default branch's. */
  read: string[];
  /** Where this run's cache image of the stage goes; undefined when the run has no branch (a tag). */
  write: string | undefined;
}

const MAX_TAG = 128;

/**
 * `cache-<branch>-<stage>`, or `cache-<branch>-<cache key>-<stage>`; the branch shortened so that the
 * stage key and the cache key always survive.
 */
export function cacheTag(branch: string, key: string, cacheKey = ''): string {
  const tail = cacheKey ? `${cacheKey}-${key}` : key;
  const room = MAX_TAG - 'cache--'.length - tail.length;
  return `cache-${toTag(branch).slice(0, Math.max(room, 1))}-${tail}`;
}

/**
 * The cache key a build gets when `cache-key` is empty: none when it builds the Dockerfile's last
 * stage with every ARG at its default (the cache tags stay as they were), else the target's name and/or
 * 8 hex digits of a hash of the build args that differ from their defaults. Two jobs of a matrix that
 * build other targets or other arguments then write cache tags of their own. A value that carries
 * something of this run alone (`volatile`: the commit, the version) is left out: it would give every
 * run a key of its own, and no run would find the cache of the one before.
 */
export function derivedCacheKey(
  parsed: DockerfileStages,
  target: string,
  buildArgs: readonly KeyValue[],
  volatile: readonly string[] = [],
): string {
  const parts: string[] = [];
  const last = parsed.stages.length - 1;
  if (target && parsed.target !== last) parts.push(parsed.stages[parsed.target]?.key ?? target);
  const changed = [...buildArgs]
    .filter(({ key, value }) => parsed.argDefaults.has(key) && parsed.argDefaults.get(key) !== value)
    .filter(({ value }) => !volatile.some((part) => part && value.includes(part)))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map(({ key, value }) => `${key}=${value}\n`);
  if (changed.length > 0) parts.push(createHash('sha256').update(changed.join('')).digest('hex').slice(0, 8));
  return toTag(parts.join('-'))
    .slice(0, 40)
    .replace(/^untagged$/, '');
}

/** The cache key of a run: `cache-key` (`none`: no key), else derivedCacheKey. */
export function resolveCacheKey(
  input: string,
  parsed: DockerfileStages,
  target: string,
  buildArgs: readonly KeyValue[],
  context: Pick<RunContext, 'sha' | 'gitTag'>,
): string {
  if (input === 'none') return '';
  if (input) return input;
  const volatile = [context.sha.slice(0, 7), context.gitTag.replace(/^v/, '')].filter(
    (part) => part.length >= 3,
  );
  return derivedCacheKey(parsed, target, buildArgs, volatile);
}

/** Where a run's stage cache images go: a repository and the key in their tags. */
export interface CacheHome {
  /** The image's repository, or `cache-repository`. */
  repository: Repository;
  /** `cache-key`, else derivedCacheKey; empty for none. */
  key: string;
}

/**
 * The stages a build runs: every stage up to the target for the legacy builder (it does not skip the
 * ones the target does not need), only the needed ones for BuildKit and buildx.
 */
export function builtStages(builder: Builder, parsed: DockerfileStages): number[] {
  if (builder !== 'legacy') return parsed.needed;
  return parsed.stages.filter((stage) => stage.index <= parsed.target).map((stage) => stage.index);
}

/** This branch's cache image of each built stage, and the default branch's to fall back on. */
export function stageCaches(
  home: CacheHome,
  context: RunContext,
  parsed: DockerfileStages,
  builder: Builder,
): StageCache[] {
  return builtStages(builder, parsed).map((index) => {
    const stage = parsed.stages[index] as Stage;
    // buildx keeps every stage in one registry cache (mode=max), so all stages share one reference.
    const key = builder === 'buildx' ? 'all' : stage.key;
    const branches = [...new Set([context.branch, context.defaultBranch].filter(Boolean))];
    const read = branches.map((branch) => `${home.repository.name}:${cacheTag(branch, key, home.key)}`);
    return { stage, read, write: context.branch ? read[0] : undefined };
  });
}

/**
 * Whether a stage before the last may have a cache to read (waves.ts builds the stages apart only then),
 * or the references to look for in the registry to tell: known at once with a `cache-from` of the
 * user's (true) or in Actions mode (whether an entry was restored: `restored`); else the earlier
 * stages' references that can be read, none meaning no.
 */
export function earlierCacheQuestion(
  caches: readonly StageCache[],
  readable: readonly string[],
  extra: readonly string[],
  restored: string | undefined,
): boolean | string[] {
  if (extra.length > 0) return true;
  if (restored !== undefined) return restored !== '';
  const refs = caches.slice(0, -1).flatMap((cache) => cache.read.filter((ref) => readable.includes(ref)));
  return refs.length > 0 ? refs : false;
}

/** `no-cache`: auto rebuilds everything, pulling newer bases, on scheduled runs only. */
export function noCacheFlags(mode: NoCacheMode, event: string): { noCache: boolean; pull: boolean } {
  if (mode === 'true') return { noCache: true, pull: false };
  if (mode === 'auto' && event === 'schedule') return { noCache: true, pull: true };
  return { noCache: false, pull: false };
}

/** `cache` left empty: the registry, unless berth may never push there and the Actions cache is at hand. */
export function resolveCacheMode(
  input: CacheMode | '',
  push: string,
  env: Record<string, string | undefined>,
): CacheMode {
  if (input) return input;
  const actions = Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
  return push === 'false' && actions ? 'actions' : 'registry';
}

/** What `--cache-from` gets: references as they are, or buildx's `type=registry,ref=` form (a `type=` source as it is). */
export function cacheFromArgs(builder: Builder, refs: readonly string[]): string[] {
  const unique = [...new Set(refs)];
  if (builder !== 'buildx') return unique;
  return unique.map((ref) => (ref.startsWith('type=') ? ref : `type=registry,ref=${ref}`));
}

/** buildx exports one registry cache with every stage (mode=max); image-manifest for ECR-like registries. */
export function buildxCacheTo(ref: string, ignoreError = false): string {
  const tail = ignoreError ? ',ignore-error=true' : '';
  return `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true${tail}`;
}

/**
 * buildx's registry cache is exported by the build the tests use (`--cache-to`), as build-push-action's
 * recipe does: a second build after the tests, only to export, cost the containerd store's code change
 * 5.63 s against the recipe's 2.72 s (bench, engine 28), and now and then lost a layer blob. The cache
 * holds build steps, which a failing test does not make wrong; a run that writes no cache (a pull
 * request, no push) exports none. A failed export does not fail the build (`ignore-error`): berth
 * warns of it (cacheExportError).
 */
export function buildCacheTo(
  builder: Builder,
  mode: CacheMode,
  caches: readonly StageCache[],
  writes: boolean,
): string[] {
  const write = caches[0]?.write;
  return builder === 'buildx' && mode === 'registry' && writes && write ? [buildxCacheTo(write, true)] : [];
}

/** One reported row: the stage, the reference that served it, and its steps from cache. */
export interface StageReport extends StageHits {
  /** The cache reference that served the stage's hits; empty when nothing was found or nothing hit. */
  hitRef: string;
}

/**
 * The cache image in the image's own repository that served the final stage whole, if one did: the
 * registry holds every layer of the built image already, and (when the build made the very same image)
 * a manifest of it to tag.
 */
export function wholeFromRepository(
  builder: Builder,
  rows: readonly StageReport[],
  repository: string,
): string | undefined {
  // buildx's registry cache is a cache manifest, not an image to tag
  if (builder === 'buildx') return undefined;
  const last = rows[rows.length - 1];
  if (!last || last.steps === 0 || last.hits < last.steps || !last.hitRef) return undefined;
  return splitReference(last.hitRef).name === repository ? last.hitRef : undefined;
}

/** The reference credited with a stage's hits: the first of its references (then the extras) that existed. */
export function creditHits(
  caches: readonly StageCache[],
  rows: readonly StageHits[],
  found: (ref: string) => boolean,
  extra: readonly string[],
): StageReport[] {
  return rows.map((row, index) => {
    const candidates = [...(caches[index]?.read ?? []), ...extra];
    const hitRef = row.hits > 0 ? (candidates.find(found) ?? '') : '';
    return { ...row, hitRef };
  });
}

/**
 * Whether a stage's cache image must be pushed: not when the run has nowhere to write it, and not when
 * it did not change. Changed: the legacy builder's stage image differs from the one pulled from the
 * write reference; for BuildKit, a step missed the cache or the write reference did not exist yet.
 */
export function needsPush(
  builder: Builder,
  cache: StageCache,
  row: StageReport,
  writeRefId: string | undefined,
): boolean {
  if (!cache.write) return false;
  if (writeRefId === undefined) return true;
  if (builder === 'legacy' && row.imageId) return !writeRefId.replace(/^sha256:/, '').startsWith(row.imageId);
  return row.hits < row.steps;
}

/** The summary rows: stage, reference hit, steps cached/total. */
export function cacheTable(rows: readonly StageReport[]): string[][] {
  return [
    ['stage', 'cache hit from', 'steps cached'],
    ...rows.map((row) => [row.key, row.hitRef || '-', `${row.hits}/${row.steps}`]),
  ];
}
