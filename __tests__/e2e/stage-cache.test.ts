// Cache that hits on a fresh runner: every stage of a multi-stage app, on every engine of the matrix
// (engine 28 on both image stores, 20.10 with the legacy builder and with BuildKit), read from the
// registry the bundled action pushed to. Rows on different engines run side by side.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { freshRunner, hasImage, uniqueBase } from '../helpers/fresh-runner.js';
import { Job, repoRoot, tempDir, type StepResult } from '../helpers/action-runner.js';
import { ActionsCacheService } from '../helpers/actions-cache.js';
import { MODERN, onEveryEngine, type Engine } from '../helpers/engines.js';
import {
  randomSha,
  registryDigest,
  registryTags,
  relabelInRegistry,
  uniqueRepository,
} from '../helpers/testbed.js';

const app = path.join(repoRoot, '__tests__', 'fixtures', 'multi-stage-app');

function job(
  image: string,
  base: string,
  event: 'push' | 'pull_request',
  env: Record<string, string>,
  inputs = {},
): Job {
  return new Job({
    // these runs are about the stage cache: a tree tested before is built all the same
    inputs: {
      image,
      context: app,
      'build-args': `BASE=${base}`,
      // the cache tags without a key (cache-<branch>-<stage>), as this file names them
      'cache-key': 'none',
      'test-command': '/test/run.sh',
      'tested-tree': 'build',
      ...inputs,
    },
    env: {
      GITHUB_SHA: randomSha(),
      GITHUB_REF: event === 'push' ? 'refs/heads/main' : 'refs/pull/9/merge',
      GITHUB_HEAD_REF: event === 'push' ? '' : 'feature/x',
      GITHUB_EVENT_NAME: event,
      GITHUB_ACTIONS: 'true',
      ...env,
    },
    event: { repository: { default_branch: 'main' } },
  });
}

async function runJob(j: Job): Promise<StepResult> {
  const main = await j.main();
  assert.equal(main.exitCode, 0, main.log);
  const post = await j.post();
  assert.equal(post.exitCode, 0, post.log);
  return main;
}

/** The summary's per-stage row: stage, the reference that served it, steps cached/total. */
function stageRow(summary: string, stage: string): [string, string] | undefined {
  const match = new RegExp(`<tr><td>${stage}</td><td>([^<]*)</td><td>([^<]*)</td></tr>`).exec(summary);
  return match ? [match[1] ?? '', match[2] ?? ''] : undefined;
}

const STAGES = ['deps', 'build', 'stage-2'];

/** Steps per stage: the legacy builder counts every instruction, BuildKit the ones that make a layer. */
const stepsOf = (engine: Engine): number[] => (engine.builder === 'legacy' ? [3, 5, 3] : [2, 4, 2]);

/** The cache image that serves a stage: one per stage, or buildx's one registry cache of them all. */
const cacheRef = (engine: Engine, image: string, stage: string): string =>
  `${image}:cache-main-${engine.builder === 'buildx' ? 'all' : stage}`;

/** The push phase's lines of a log, for a failure message that says why a tag was not tagged. */
function pushLines(log: string, tag: string): string {
  return [tag, ...log.split('\n').filter((line) => /push|tagged|cache/.test(line))].join('\n');
}

/** Whether main ran `docker push` for this reference (its debug line). */
function dockerPushed(log: string, ref: string): boolean {
  return log.split('\n').includes(`::debug::run: docker push ${ref}`);
}

/** A cold run on an engine: every step missed, every stage's cache written, the tags on one manifest. */
async function coldRun(engine: Engine, image: string, base: string): Promise<StepResult> {
  const steps = stepsOf(engine);
  const total = steps.reduce((sum, count) => sum + count, 0);
  const cold = await runJob(job(image, base, 'push', engine.env()));
  assert.equal(JSON.parse(cold.outputs.environment ?? '{}').builder?.kind, engine.builder, cold.log);
  assert.equal(cold.outputs['cache-hits'], `0/${total}`);
  STAGES.forEach((stage, index) =>
    assert.deepEqual(stageRow(cold.summary, stage), ['-', `0/${steps[index]}`], stage),
  );
  const tags = await registryTags(image);
  if (engine.builder === 'buildx') {
    assert.ok(tags.includes('cache-main-all'), `the registry cache exported: ${tags.join(', ')}`);
    assert.match(cold.summary, /registry cache exported/);
  } else {
    for (const stage of STAGES)
      assert.ok(tags.includes(`cache-main-${stage}`), `cache-main-${stage} pushed: ${tags.join(', ')}`);
    assert.match(cold.summary, /3 of 3 stage cache images changed/);
    // the final stage's cache image is the image itself: tagged in the registry, not pushed again
    const finalCache = `${image}:cache-main-stage-2`;
    assert.ok(
      cold.log.includes(`pushed ${finalCache} (tagged in the registry)`),
      pushLines(cold.log, finalCache),
    );
    assert.ok(!dockerPushed(cold.log, finalCache));
  }
  // a cold run is one build; on buildx's docker driver its stage images come from one bake of them
  const baked = cold.log.includes('::debug::run: docker buildx bake ');
  assert.equal(baked, engine.name === MODERN.name, 'the stage images of a cold run from one bake');
  assert.doesNotMatch(cold.log, /came whole from/, 'a cold run uploads the layers with one tag first');
  const [first, ...later] = (cold.outputs.tags ?? '').split('\n');
  assert.ok(dockerPushed(cold.log, first ?? ''), 'the first tag uploads the layers with docker push');
  for (const tag of later) {
    assert.ok(cold.log.includes(`pushed ${tag} (tagged in the registry)`), pushLines(cold.log, tag));
    assert.ok(!dockerPushed(cold.log, tag), `${tag} is a manifest PUT, not a docker push`);
    assert.equal(await registryDigest(image, tag.slice(image.length + 1)), cold.outputs.digest, tag);
  }
  return cold;
}

/** A warm run on a new runner: every step from the cache, no cache written again, every tag pushed. */
async function warmRun(engine: Engine, image: string, base: string, cold: StepResult): Promise<void> {
  const env = engine.env();
  const steps = stepsOf(engine);
  const total = steps.reduce((sum, count) => sum + count, 0);
  freshRunner(image, env);
  assert.ok(!hasImage(cold.outputs['image-id'] ?? '', env), 'the fresh runner has no image of the cold run');
  // the same commit on a new runner: its labels (revision, created) are the cold run's, so is its image
  const revision = JSON.parse(cold.outputs.labels ?? '{}')['org.opencontainers.image.revision'] as string;
  const warm = await runJob(job(image, base, 'push', { ...env, GITHUB_SHA: revision }));
  assert.equal(warm.outputs['cache-hits'], `${total}/${total}`, warm.log);
  STAGES.forEach((stage, index) =>
    assert.deepEqual(
      stageRow(warm.summary, stage),
      [cacheRef(engine, image, stage), `${steps[index]}/${steps[index]}`],
      stage,
    ),
  );
  const pushed = (warm.outputs.tags ?? '').split('\n');
  assert.deepEqual(pushed.length, 3);
  if (engine.builder === 'buildx') {
    assert.match(warm.summary, /registry cache unchanged/);
    // the build that the tests use exports the cache itself: no second build only to export it
    const builds = warm.log.match(/run: docker buildx build /g) ?? [];
    assert.equal(builds.length, 1, warm.log);
    assert.ok(warm.log.includes('--cache-to type=registry,ref='), warm.log);
  } else {
    assert.match(warm.summary, /0 of 3 stage cache images changed/);
    assert.ok(warm.log.includes(`push: the final stage came whole from ${image}:cache-main-`), warm.log);
  }
  for (const tag of pushed) {
    if (engine.builder !== 'buildx' || tag !== pushed[0]) {
      assert.ok(warm.log.includes(`pushed ${tag} (tagged in the registry)`), pushLines(warm.log, tag));
      assert.ok(!dockerPushed(warm.log, tag), `${tag} is a manifest PUT, not a docker push`);
    }
    assert.equal(await registryDigest(image, tag.slice(image.length + 1)), warm.outputs.digest, tag);
  }
}

/** A pull request on a new runner: the default branch's cache serves it, and it writes no cache. */
async function pullRequestRun(engine: Engine, image: string, base: string): Promise<void> {
  const env = engine.env();
  const total = stepsOf(engine).reduce((sum, count) => sum + count, 0);
  freshRunner(image, env);
  const pr = await runJob(job(image, base, 'pull_request', env));
  assert.equal(pr.outputs['cache-hits'], `${total}/${total}`);
  assert.deepEqual(stageRow(pr.summary, 'deps')?.[0], cacheRef(engine, image, 'deps'));
  assert.match(pr.log, /cache push: skipped, push is auto and this is a pull_request run/);
  assert.ok(!(await registryTags(image)).some((tag) => tag.startsWith('cache-feature')));
}

/**
 * The RUN steps a build took from its cache: the legacy builder's `Using cache` after a RUN step,
 * BuildKit's `#N CACHED` for a RUN vertex.
 */
function cachedRunSteps(log: string): string[] {
  const lines = log.split('\n');
  const legacy = lines.filter(
    (line, index) => /^Step \d+\/\d+ : RUN /.test(line) && lines[index + 1]?.includes('Using cache'),
  );
  const vertices = lines.flatMap((line) => /^#(\d+) \[[^\]]+\] RUN /.exec(line)?.[1] ?? []);
  const buildkit = vertices.filter((vertex) => lines.includes(`#${vertex} CACHED`));
  return [...legacy, ...buildkit];
}

/**
 * The same commit with no-cache: true: every RUN step built again, whatever the cache holds. BuildKit may
 * still call a WORKDIR CACHED: one that another stage made in the same build, and on engine 28 both
 * WORKDIRs when the runner's local build cache has them (seen after a run that built the stages apart).
 */
async function noCacheRun(engine: Engine, image: string, base: string): Promise<void> {
  const total = stepsOf(engine).reduce((sum, count) => sum + count, 0);
  const again = await runJob(job(image, base, 'push', engine.env(), { 'no-cache': 'true' }));
  assert.deepEqual(cachedRunSteps(again.log), [], again.log);
  const cached = [...again.log.matchAll(/#(\d+) CACHED$/gm)].map((match) => match[1]);
  const named = cached.map((id) => new RegExp(`#${id} \\[[^\\]]+\\] (\\S+)`).exec(again.log)?.[1]);
  assert.ok(
    named.every((instruction) => instruction === 'WORKDIR'),
    `only WORKDIRs from the cache: ${named.join(', ')}`,
  );
  const hits = Number(again.outputs['cache-hits']?.split('/')[0]);
  assert.ok(hits <= 2 && again.outputs['cache-hits']?.endsWith(`/${total}`), again.outputs['cache-hits']);
}

/**
 * A failing test on another base (every stage differs from the cache): no tag and no stage cache image
 * pushed, and the summary says what became of the cache: buildx's registry cache was exported by the
 * build itself, before the tests ran, and only that reference changed.
 */
async function failingRun(engine: Engine, image: string): Promise<void> {
  const env = engine.env();
  const digests = async (): Promise<Record<string, string>> => {
    const tags = await registryTags(image);
    return Object.fromEntries(
      await Promise.all(tags.map(async (tag) => [tag, await registryDigest(image, tag)])),
    );
  };
  const before = await digests();
  const failing = job(image, uniqueBase(env), 'push', env, { 'test-command': 'exit 3' });
  const main = await failing.main();
  assert.notEqual(main.exitCode, 0, main.log);
  assert.equal((await failing.post()).exitCode, 0);
  const row = (phase: string): string[] =>
    (
      new RegExp(`<tr><td>${phase}</td><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td></tr>`).exec(
        main.summary,
      ) ?? []
    ).slice(1);
  assert.deepEqual(row('push'), ['⏭️ skipped', 'the tests failed'], main.summary);
  const after = await digests();
  const changed = Object.keys(after).filter((tag) => after[tag] !== before[tag]);
  if (engine.builder === 'buildx') {
    const note = 'the tests failed; the registry cache was exported by the build, before the tests';
    assert.deepEqual(row('cache push'), ['⏭️ skipped', note]);
    assert.deepEqual(changed, ['cache-main-all'], 'the build exported the cache, and nothing else changed');
  } else {
    assert.deepEqual(row('cache push'), ['⏭️ skipped', 'the tests failed']);
    assert.deepEqual(changed, [], 'no tag and no stage cache image pushed');
  }
}

/** The Actions cache instead of a registry: saved by name, restored on a new runner, every stage hits. */
async function actionsRun(engine: Engine): Promise<void> {
  const service = await new ActionsCacheService().start();
  try {
    const image = uniqueRepository(`actions-${engine.builder}`);
    const env = engine.env();
    const base = uniqueBase(env);
    const total = stepsOf(engine).reduce((sum, count) => sum + count, 0);
    const inputs = { cache: 'actions', push: 'false' };
    // a hosted runner's RUNNER_TEMP is the same path in every run, and the cache entry depends on it
    const runner = { ...env, ...service.env(), RUNNER_TEMP: tempDir('runner-temp') };
    freshRunner(image, env);
    const cold = await runJob(job(image, base, 'push', runner, inputs));
    assert.equal(cold.outputs['cache-hits'], `0/${total}`);
    assert.equal(service.entries.filter((entry) => entry.finalized).length, 1, 'the stage images saved once');
    freshRunner(image, env);
    const warm = await runJob(job(image, base, 'push', runner, inputs));
    assert.match(warm.log, /cache: actions: restored /);
    // the v2 protocol: created, uploaded to its signed URL, finalized; found by a restore key's prefix
    assert.deepEqual([...new Set(service.calls)].sort(), [
      'CreateCacheEntry',
      'FinalizeCacheEntryUpload',
      'GetCacheEntryDownloadURL',
    ]);
    assert.ok(
      !service.entries.some((entry) => entry.key.endsWith('-')),
      'saved under a full key, found by prefix',
    );
    assert.equal(warm.outputs['cache-hits'], `${total}/${total}`, warm.log);
    assert.deepEqual(await registryTags(image), [], 'nothing went to a registry');
  } finally {
    await service.stop();
  }
}

/** Every scenario of one engine, one after another (they share its build cache). */
function engineScenarios(engine: Engine): void {
  it(`${engine.name}: cold, warm on a new runner, pull request, no-cache, a failing test, actions cache`, async () => {
    const image = uniqueRepository(`cache-${engine.builder}`);
    const base = uniqueBase(engine.env());
    const cold = await coldRun(engine, image, base);
    await warmRun(engine, image, base, cold);
    await pullRequestRun(engine, image, base);
    await noCacheRun(engine, image, base);
    await failingRun(engine, image);
    await actionsRun(engine);
  });
}

describe('stage cache on a fresh runner', { concurrency: true }, () => onEveryEngine(engineScenarios));

describe('stage cache edge cases', () => {
  it('BuildKit: a final stage whole from a cache image with another config pushes the first tag, then tags', async () => {
    // BuildKit writes its inline cache records in no fixed order, so a build served whole from the
    // cache can differ from the cache image in its config alone: the registry lacks that config blob
    const image = uniqueRepository('cache-config');
    const base = uniqueBase();
    const buildkit = MODERN.env();
    await runJob(job(image, base, 'push', buildkit));
    await relabelInRegistry(image, 'cache-main-stage-2', 'berth.e2e.relabelled');
    freshRunner(image);
    const warm = await runJob(job(image, base, 'push', buildkit));
    assert.equal(warm.outputs['cache-hits'], '8/8');
    assert.ok(warm.log.includes(`push: not tagged on ${image}:cache-main-stage-2 (`), warm.log);
    const [first, ...later] = (warm.outputs.tags ?? '').split('\n');
    assert.ok(dockerPushed(warm.log, first ?? ''), 'the first tag uploads the config with docker push');
    for (const tag of later) {
      assert.ok(warm.log.includes(`pushed ${tag} (tagged in the registry)`), pushLines(warm.log, tag));
      assert.ok(!dockerPushed(warm.log, tag), tag);
    }
    for (const tag of [first ?? '', ...later])
      assert.equal(await registryDigest(image, tag.slice(image.length + 1)), warm.outputs.digest, tag);
  });
});
