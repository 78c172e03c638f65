// Build: one `docker build` with every cache reference, tagged with every tag, its ID read from a file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Builder } from '../detect/builder.js';
import { run } from '../core/exec.js';
import type { KeyValue } from '../core/input-values.js';
import type { Repository } from '../core/image-ref.js';
import {
  cacheFromArgs,
  cacheTable,
  creditHits,
  type CacheMode,
  type CacheSources,
  type NoCacheMode,
  type StageCache,
  type StageReport,
} from './cache-plan.js';
import { missingCacheRefs, stageHits } from './hits.js';
import type { DockerfileStages } from './stages.js';

/** What to build, from the inputs (inputs.ts). */
export interface BuildSettings {
  /** Absolute build context directory. */
  context: string;
  /** Absolute Dockerfile path. */
  file: string;
  /** Stage to stop at; empty for the last one. */
  target: string;
  /** Passed as `--build-arg KEY` with the value in the environment, never in argv. */
  buildArgs: KeyValue[];
  /** Extra cache references, tried after berth's own. */
  cacheFrom: string[];
  /** Where stage cache images live. */
  cache: CacheMode;
  /** `auto`: rebuild every step (and pull newer bases) on scheduled runs. */
  noCache: NoCacheMode;
  /**
   * A commit whose tree was already built, tested and pushed: `test` pulls that image and tests it,
   * `trust` pulls it without tests, `build` builds all the same.
   */
  testedTree: 'test' | 'trust' | 'build';
  /** Further attempts for transient registry failures (pulls of cache images). */
  retries: number;
  /** `cache-key`: put in the cache tags; empty derives one (derivedCacheKey). */
  cacheKey: string;
  /** `cache-repository`: where the stage cache images go instead of the image's repository. */
  cacheRepository: Repository | undefined;
  /** The `labels` input: added to the OCI labels berth computes, and overriding them. */
  labels: KeyValue[];
}

export interface BuildPlan {
  argv: string[];
  /** Build-arg values and builder switches, handed over in the environment. */
  env: Record<string, string>;
}

export interface BuildRequest {
  builder: Builder;
  context: string;
  file: string;
  target: string;
  buildArgs: readonly KeyValue[];
  tags: readonly string[];
  /** `--label KEY=VALUE`, on the image and on every stage cache image. */
  labels?: Readonly<Record<string, string>>;
  cacheFrom: readonly string[];
  iidFile: string;
  /** `--no-cache`: build every step again. */
  noCache?: boolean;
  /** `--pull`: fetch newer base images. */
  pull?: boolean;
  /** buildx cache exports (`type=registry,ref=...`). */
  cacheTo?: readonly string[];
  /** buildx: load the result into the daemon (default true); false when only exporting cache. */
  load?: boolean;
}

/**
 * The legacy builder keeps its default `--rm`: the daemon removes each step's intermediate container
 * itself, and when it cannot (btrfs daemons that fail to remove a root file system) it prints
 * "Removing intermediate container ..." with the error and the build goes on. `--rm=false` would leave
 * every intermediate container behind on every daemon, and `--force-rm` only adds removals after
 * failed steps; neither makes the build depend less on removal. BuildKit uses no containers.
 */
export function planBuild(request: BuildRequest): BuildPlan {
  const argv = request.builder === 'buildx' ? ['docker', 'buildx', 'build'] : ['docker', 'build'];
  if (request.builder === 'buildx' && request.load !== false) argv.push('--load');
  const env: Record<string, string> = {};
  if (request.builder === 'buildkit') env.DOCKER_BUILDKIT = '1';
  if (request.builder === 'legacy') env.DOCKER_BUILDKIT = '0';
  if (request.builder !== 'legacy')
    argv.push('--progress', 'plain', '--build-arg', 'BUILDKIT_INLINE_CACHE=1');
  argv.push('--file', request.file, '--iidfile', request.iidFile);
  if (request.target) argv.push('--target', request.target);
  if (request.noCache) argv.push('--no-cache');
  if (request.pull) argv.push('--pull');
  for (const { key, value } of request.buildArgs) {
    argv.push('--build-arg', key);
    env[key] = value;
  }
  // the legacy builder would add a LABEL step to every stage: labelled() puts them on the image alone
  if (request.builder !== 'legacy') argv.push(...labelArgs(request.labels ?? {}));
  for (const tag of request.tags) argv.push('--tag', tag);
  for (const ref of request.cacheFrom) argv.push('--cache-from', ref);
  for (const ref of request.cacheTo ?? []) argv.push('--cache-to', ref);
  argv.push(request.context);
  return { argv, env };
}

function labelArgs(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}

/**
 * The legacy builder's labels: a build of `FROM <image>` alone (the Dockerfile on stdin, no context)
 * with `--label`, tagged with every tag. Given with the main build's `--label`, the legacy builder adds
 * a LABEL step to every stage, and a label that changes with each commit (`revision`, `created`) would
 * make every stage miss the cache and every stage cache image change.
 */
export function planLabelled(
  imageId: string,
  labels: Readonly<Record<string, string>>,
  tags: readonly string[],
  iidFile: string,
  cacheFrom: readonly string[] = [],
): BuildPlan & { stdin: string } {
  const argv = ['docker', 'build', '--iidfile', iidFile, ...labelArgs(labels)];
  // the final stage's cache image is the labelled image of an earlier run: the same labels hit it
  for (const ref of cacheFrom) argv.push('--cache-from', ref);
  for (const tag of tags) argv.push('--tag', tag);
  return { argv: [...argv, '-'], env: { DOCKER_BUILDKIT: '0' }, stdin: `FROM ${imageId}\n` };
}

/** Runs planLabelled: the ID of the labelled image. */
async function labelled(
  imageId: string,
  labels: Readonly<Record<string, string>>,
  tags: readonly string[],
  cacheFrom: readonly string[],
): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-build-'));
  try {
    const plan = planLabelled(imageId, labels, tags, path.join(dir, 'iid'), cacheFrom);
    await run(plan.argv, { env: plan.env, stdin: plan.stdin, cancellable: true });
    return readFileSync(path.join(dir, 'iid'), 'utf8').trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface BuildResult {
  imageId: string;
  /** What the build printed, stdout then stderr, for the per-stage cache report. */
  output: string;
}

/**
 * Runs a build; its output streams to the log unless `quiet` (a stage cache image made from the local
 * cache beside the tests, whose output would only interleave with theirs; a failure still shows its tail).
 */
export async function build(
  request: Omit<BuildRequest, 'iidFile'>,
  { quiet = false } = {},
): Promise<BuildResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-build-'));
  try {
    const plan = planBuild({ ...request, iidFile: path.join(dir, 'iid') });
    const result = await run(plan.argv, {
      env: plan.env,
      stream: !quiet,
      untrustedOutput: true,
      cancellable: true,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    const iid = path.join(dir, 'iid');
    // a buildx cache export that loads nothing may write no ID
    const imageId = existsSync(iid) ? readFileSync(iid, 'utf8').trim() : '';
    return { imageId, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CachedBuild extends BuildResult {
  rows: StageReport[];
  /** Stage cache references the build has tagged already (stages built apart, build/waves.ts). */
  tagged?: ReadonlySet<string>;
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
  const labels = request.labels ?? {};
  if (request.builder === 'legacy' && built.imageId && Object.keys(labels).length > 0)
    built.imageId = await labelled(built.imageId, labels, request.tags, sources.cacheFrom);
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

/** The summary section: per stage, the reference that served it and its steps from cache. */
export function cacheSection(built: CachedBuild): { heading: string; rows: string[][] } {
  return { heading: 'Build cache', rows: cacheTable(built.rows) };
}
