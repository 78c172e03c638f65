// Stages built apart, in waves, where one build's inline caches shadow each other: buildx's `docker`
// driver on the classic image store (engine 23 and later). Given every stage's inline-cache image in
// one build, its BuildKit lets the records of a later stage's image (which name the earlier stages'
// steps without their layers) shadow the earlier stages' own images: measured on engine 28, a code
// change took 0 of 10 steps from the cache, and which steps hit changed from run to run (a `bake` of
// one target per stage, linked by `target:` contexts, shadowed the same way). Built one stage at a time,
// each with its own cache image alone, every unchanged stage hits, and the local build cache carries
// each stage into the next. The stages of a wave need only stages of earlier waves, so they build
// together, as one bake of a target each (planBake); each stage build leaves its cache image tagged,
// ready to push.
import * as core from '@actions/core';
import { CancelledError } from '../core/cancel.js';
import { errorText } from '../core/errors.js';
import { run } from '../core/exec.js';
import type { BuilderFacts } from '../detect/builder.js';
import { cacheFromArgs, creditHits, type CacheSources, type StageCache } from './cache-plan.js';
import { missingCacheRefs, stageHits, type StageHits } from './hits.js';
import { build, type BuildRequest, type BuildResult, type CachedBuild } from './image-build.js';
import type { DockerfileStages } from './stages.js';

/**
 * The stages in waves: a stage goes in the wave after the last of the stages it needs. Only `indexes`
 * (the stages the target needs) are placed; the order inside a wave is the Dockerfile's.
 */
export function stageWaves(parsed: DockerfileStages, indexes: readonly number[]): number[][] {
  const wanted = new Set(indexes);
  const level = new Map<number, number>();
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const needs = parsed.stages[index]?.needs.filter((need) => wanted.has(need)) ?? [];
    level.set(index, Math.max(-1, ...needs.map((need) => level.get(need) ?? 0)) + 1);
  }
  const waves: number[][] = [];
  for (const [index, wave] of [...level].sort((a, b) => a[0] - b[0])) (waves[wave] ??= []).push(index);
  return waves.filter((wave) => wave.length > 0);
}

/**
 * Whether the stages are built apart: BuildKit through buildx's `docker` driver (inline caches only),
 * more than one stage, and a name on every stage before the last (`--target` takes a name). A build
 * that reads no cache (`--no-cache`, `cache: none`: `noCache`) stays one build.
 */
export function buildsApart(
  facts: Pick<BuilderFacts, 'kind' | 'buildx'>,
  caches: readonly StageCache[],
  noCache: boolean,
): boolean {
  if (facts.kind !== 'buildkit' || !facts.buildx || noCache || caches.length < 2) return false;
  return caches.slice(0, -1).every((cache) => cache.stage.name !== '');
}

/** The row of `index` from the output of the build that targeted it. */
function rowOf(output: string, parsed: DockerfileStages, index: number): StageHits {
  const [row] = stageHits('buildkit', output, parsed.stages, [index]);
  return row ?? { key: parsed.stages[index]?.key ?? `stage-${index}`, hits: 0, steps: 0, imageId: '' };
}

/** One stage of a wave: its target, the tag of its cache image, and the cache images it reads. */
export interface WaveStage {
  target: string;
  tag: string;
  cacheFrom: string[];
}

/**
 * A wave of several stages as one `docker buildx bake`: one target per stage, each a solve of its own
 * with its own cache image alone, so they shadow each other no more than separate builds would. Seven
 * stages took 0.9 s as one bake and 2.6 s as seven builds side by side (engine 28, 2 busy cores). The
 * definition goes on stdin (build-arg values stay out of argv); the context is read without bake's
 * file-system entitlement check, as `docker build` reads it.
 */
export function planBake(
  request: Pick<BuildRequest, 'context' | 'file' | 'buildArgs' | 'labels'>,
  stages: readonly WaveStage[],
): { argv: string[]; env: Record<string, string>; stdin: string } {
  const args = Object.fromEntries([
    ['BUILDKIT_INLINE_CACHE', '1'],
    ...request.buildArgs.map(({ key, value }) => [key, literal(value)]),
  ]);
  const labels = Object.fromEntries(
    Object.entries(request.labels ?? {}).map(([key, value]) => [key, literal(value)]),
  );
  // keys bake accepts ([a-zA-Z0-9_-]); a stage's name may have a dot
  const targets = Object.fromEntries(
    stages.map((stage, index) => [
      `s${index}`,
      {
        context: request.context,
        dockerfile: request.file,
        target: stage.target,
        tags: [stage.tag],
        'cache-from': stage.cacheFrom,
        args,
        labels,
      },
    ]),
  );
  const definition = {
    group: { default: { targets: Object.keys(targets) } },
    target: targets,
  };
  return {
    argv: ['docker', 'buildx', 'bake', '--file', '-', '--progress', 'plain'],
    env: { BUILDX_BAKE_ENTITLEMENTS_FS: '0' },
    stdin: JSON.stringify(definition),
  };
}

/**
 * A value as bake reads it: bake decodes its JSON as HCL, where `${...}` and `%{...}` in a string are
 * templates; doubled, they stand for themselves, so the stages get the very values the last stage does.
 */
export function literal(value: string): string {
  return value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}

/** The stages as plain builds side by side, their output not streamed (it would interleave). */
export function buildEach(
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  stages: readonly WaveStage[],
): Promise<BuildResult[]> {
  return Promise.all(
    stages.map((stage) =>
      build(
        { ...request, target: stage.target, tags: [stage.tag], cacheFrom: stage.cacheFrom },
        { quiet: true },
      ),
    ),
  );
}

/**
 * Runs planBake; its output (streamed to the log unless `quiet`). When bake fails before it builds (a
 * buildx that cannot read the definition), the stages build side by side as plain builds; a build that
 * fails fails the run.
 */
export async function bakeWave(
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  stages: readonly WaveStage[],
  { quiet = false } = {},
): Promise<string> {
  const plan = planBake(request, stages);
  try {
    const result = await run(plan.argv, {
      env: plan.env,
      stdin: plan.stdin,
      stream: !quiet,
      untrustedOutput: true,
      cancellable: true,
    });
    return `${result.stdout}\n${result.stderr}`;
  } catch (error) {
    // a vertex after #1 (the definition) means bake built, and the failure is the build's
    if (error instanceof CancelledError || /^#(?:[2-9]|\d{2,}) /m.test(errorText(error))) throw error;
    core.info(`build: bake failed (${errorText(error)}); building the stages one by one`);
    const results = await buildEach(request, stages);
    if (!quiet)
      for (const [index, result] of results.entries())
        core.info(`stage ${stages[index]?.target ?? ''}:\n${result.output.trim()}`);
    return results.map((result) => result.output).join('\n');
  }
}

/**
 * Builds every stage before the last as its own target, wave after wave, each with its own cache image
 * and `cache-from` alone (and tagged with the reference its cache image goes to, when the run writes
 * one), then the last stage the same way: one row per stage, from the build that targeted it.
 */
export async function buildInWaves(
  request: Omit<BuildRequest, 'iidFile' | 'cacheFrom'>,
  parsed: DockerfileStages,
  caches: readonly StageCache[],
  sources: CacheSources,
  extra: readonly string[],
): Promise<CachedBuild> {
  const available = (refs: readonly string[]): string[] =>
    cacheFromArgs(
      'buildkit',
      refs.filter((ref) => sources.cacheFrom.includes(ref)),
    );
  const last = caches[caches.length - 1] as StageCache;
  const byIndex = new Map(caches.map((cache) => [cache.stage.index, cache]));
  const outputs = new Map<number, BuildResult>();
  const earlier = caches.slice(0, -1).map((cache) => cache.stage.index);
  for (const wave of stageWaves(parsed, earlier)) {
    const stages = wave.map((index) => byIndex.get(index) as StageCache);
    if (stages.length > 1 && stages.every((cache) => cache.write)) {
      const output = await bakeWave(
        request,
        stages.map((cache) => ({
          target: cache.stage.name,
          tag: cache.write as string,
          cacheFrom: available([...cache.read, ...extra]),
        })),
      );
      for (const cache of stages) outputs.set(cache.stage.index, { imageId: '', output });
      continue;
    }
    // without a tag to give every stage, side by side: each build's output shown once it is done
    const quiet = stages.length > 1;
    await Promise.all(
      stages.map(async (cache) => {
        const stage = {
          ...request,
          target: cache.stage.name,
          tags: cache.write ? [cache.write] : [],
          cacheFrom: available([...cache.read, ...extra]),
        };
        const result = await build(stage, { quiet });
        if (quiet) core.info(`stage ${cache.stage.key}:\n${result.output.trim()}`);
        outputs.set(cache.stage.index, result);
      }),
    );
  }
  const final = await build({ ...request, cacheFrom: available([...last.read, ...extra]) });
  outputs.set(last.stage.index, final);
  const rows = caches.map((cache) =>
    rowOf(outputs.get(cache.stage.index)?.output ?? '', parsed, cache.stage.index),
  );
  const output = [...new Set([...outputs.values()].map((result) => result.output))].join('\n');
  const missing = missingCacheRefs(output);
  const found = (ref: string): boolean => sources.cacheFrom.includes(ref) && !missing.has(ref);
  const tagged = new Set(caches.slice(0, -1).flatMap((cache) => (cache.write ? [cache.write] : [])));
  return { imageId: final.imageId, output, rows: creditHits(caches, rows, found, extra), tagged };
}
