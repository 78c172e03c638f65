// What CI runs all day, as correctness checks on every engine of the matrix (never timed: the bench
// times them): a cold run, the same commit again on a new runner, a commit that changes the code and
// leaves the dependencies alone, one that changes a dependency, a fat dependency layer that must not
// move again when the code changes, and a ten-stage app whose warm run takes every stage from the cache.
// The registry is reached through a proxy that records every request, so that a test can say which
// blobs were uploaded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Job, tempDir, type StepResult } from '../helpers/action-runner.js';
import { MODERN, onEveryEngine, type Engine } from '../helpers/engines.js';
import { freshRunner, uniqueBase } from '../helpers/fresh-runner.js';
import { startFlakyProxy, type FlakyProxy } from '../helpers/registries.js';
import { stageNames, touchDocs, writeApp, type AppShape } from '../helpers/scenario-apps.js';
import { randomSha, registry, registryDigest, registryTags } from '../helpers/testbed.js';

let proxy: FlakyProxy;
before(async () => {
  proxy = await startFlakyProxy(registry(), () => false, 0);
});
after(() => proxy.stop());

/** A push to main of commit `sha` of the app in `dir`. */
function job(
  image: string,
  dir: string,
  base: string,
  engine: Engine,
  sha: string,
  inputs = {},
  event = 'push',
): Job {
  return new Job({
    inputs: {
      image,
      context: dir,
      'build-args': `BASE=${base}`,
      'test-command': '/test/run.sh',
      ...inputs,
    },
    env: {
      GITHUB_SHA: sha,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_NAME: event,
      GITHUB_ACTIONS: 'true',
      ...engine.env(),
    },
    event: { repository: { default_branch: 'main' } },
  });
}

/** Main and post of a job on a new runner (no image of the repository, no build cache). */
async function onNewRunner(engine: Engine, image: string, j: Job): Promise<StepResult> {
  freshRunner(image, engine.env());
  const main = await j.main();
  assert.equal(main.exitCode, 0, main.log);
  const post = await j.post();
  assert.equal(post.exitCode, 0, post.log);
  return main;
}

/** A stage's steps from the cache and its steps, from the summary's Build cache table. */
function stageHits(main: StepResult, stage: string): [number, number] {
  const match = new RegExp(`<tr><td>${stage}</td><td>[^<]*</td><td>(\\d+)/(\\d+)</td></tr>`).exec(
    main.summary,
  );
  assert.ok(match, `the summary has a row for ${stage}:\n${main.summary}`);
  return [Number(match[1]), Number(match[2])];
}

const fullHit = ([hits, steps]: [number, number]): boolean => hits === steps && steps > 0;

/**
 * Blobs uploaded to `image`'s repository (the PUT that ends an upload names the digest) while `body`
 * ran. Only that repository's: the scenarios of one engine run side by side through the same proxy.
 */
async function uploadsDuring(image: string, body: () => Promise<unknown>): Promise<string[]> {
  const from = proxy.requests.length;
  await body();
  const repository = image.slice(image.indexOf('/') + 1);
  return proxy.requests
    .slice(from)
    .filter((line) => line.startsWith(`PUT /v2/${repository}/blobs/uploads/`))
    .flatMap((line) => /[?&]digest=(sha256(?::|%3A)[0-9a-f]{64})/i.exec(line)?.[1] ?? [])
    .map((digest) => decodeURIComponent(digest));
}

/** Sizes of blobs in the registry: which of the uploads were big. */
async function blobSize(image: string, digest: string): Promise<number> {
  const [host, ...rest] = image.split('/');
  const response = await fetch(`http://${host}/v2/${rest.join('/')}/blobs/${digest}`, { method: 'HEAD' });
  return Number(response.headers.get('content-length') ?? 0);
}

const FAT_MIB = 24;

/** The day of one app on one engine: cold, re-run, code change, dependency change. */
function dayOfCommits(engine: Engine): void {
  it(`${engine.name}: cold, re-run, code change (the fat layer stays), dependency change`, async () => {
    const env = engine.env();
    const base = uniqueBase(env);
    const image = `${proxy.host}/e2e/day-${engine.builder}-${randomSha().slice(0, 8)}`;
    const dir = tempDir('app');
    const shape: AppShape = { stages: 3, fatMiB: FAT_MIB };
    const stages = stageNames(shape);
    writeApp(dir, shape);

    const coldSha = randomSha();
    const cold = await onNewRunner(engine, image, job(image, dir, base, engine, coldSha));
    for (const stage of stages) assert.equal(stageHits(cold, stage)[0], 0, `${stage} is cold`);
    const trees = (await registryTags(image)).filter((tag) => tag.startsWith('tree-'));
    assert.equal(trees.length, 1, 'the tested tree is recorded as one tag');
    assert.equal(await registryDigest(image, trees[0] ?? ''), cold.outputs.digest, 'on the tested manifest');

    // the same commit built again on a new runner (tested-tree: build): every stage from the cache, no
    // big blob uploaded again
    const bigUploads = async (main: () => Promise<StepResult>): Promise<[StepResult, number[]]> => {
      let result: StepResult | undefined;
      const uploads = await uploadsDuring(image, async () => (result = await main()));
      const sizes = await Promise.all(uploads.map((digest) => blobSize(image, digest)));
      return [result as StepResult, sizes.filter((size) => size > 1 << 20)];
    };
    const rebuild = { 'tested-tree': 'build' };
    const [rerun, rerunBig] = await bigUploads(() =>
      onNewRunner(engine, image, job(image, dir, base, engine, coldSha, rebuild)),
    );
    const rerunMissed = stages.filter((stage) => !fullHit(stageHits(rerun, stage)));
    assert.equal(rerun.outputs['test-exit-code'], '0');
    assert.deepEqual(rerunMissed, [], `every stage from the cache:\n${rerun.log}`);
    assert.deepEqual(rerunBig, [], 'a re-run uploads no big blob');
    // engine 28's classic store builds the stages apart where an earlier stage has a cache to read:
    // not on a cold run, whose stage images come from its one build's local cache
    assert.doesNotMatch(cold.summary, /stages apart/, 'a cold run is one build');
    const apart = engine.name === MODERN.name;
    assert.equal(/stages apart/.test(rerun.summary), apart, `stages apart on ${engine.name} only`);

    // the same tree again (a re-run, then a commit that changes only files .dockerignore leaves out):
    // no build; the tested image pulled, tested, and this commit's tags put on the same manifest
    for (const change of ['re-run', 'docs only']) {
      if (change === 'docs only') touchDocs(dir, 'a new paragraph');
      const sha = change === 're-run' ? coldSha : randomSha();
      const [skipped, skippedBig] = await bigUploads(() =>
        onNewRunner(engine, image, job(image, dir, base, engine, sha)),
      );
      assert.match(
        skipped.summary,
        /<td>build<\/td><td>[^<]*<\/td><td>⏭️ skipped<\/td><td>this tree \(key [0-9a-f]{12}\) was built, tested and pushed before as [^<]*:tree-[0-9a-f]{64}: pulled, not built again/,
      );
      assert.doesNotMatch(
        skipped.log,
        /run: docker (buildx )?build /,
        `${change}: nothing built:\n${skipped.log}`,
      );
      assert.equal(skipped.outputs['test-exit-code'], '0', `${change}: the tests ran on the pulled image`);
      assert.deepEqual(skippedBig, [], `${change}: nothing uploaded`);
      // the tested manifest: the tree's tag was put on the latest build of this tree
      const tested = await registryDigest(image, trees[0] ?? '');
      assert.equal(skipped.outputs.digest, tested);
      for (const tag of (skipped.outputs.tags ?? '').split('\n'))
        assert.equal(await registryDigest(image, tag.slice(image.length + 1)), tested, tag);
    }
    // tested-tree: trust skips the tests too (a test command that fails would fail the run)
    const trusted = await onNewRunner(
      engine,
      image,
      job(image, dir, base, engine, randomSha(), { 'tested-tree': 'trust', 'test-command': 'false' }),
    );
    assert.match(trusted.summary, /tested-tree is trust/);
    assert.equal(trusted.outputs['test-exit-code'] ?? '', '');
    // no-cache builds, whatever is recorded (so does a scheduled run with no-cache: auto, whose flags the
    // unit tests of noCacheFlags check: it pulls the bases too, and this testbed's are local only)
    for (const [inputs, event] of [[{ 'no-cache': 'true' }, 'push']] as const) {
      const forced = await onNewRunner(
        engine,
        image,
        job(image, dir, base, engine, randomSha(), inputs, event),
      );
      assert.ok(forced.log.includes('run: docker'), forced.log);
      assert.doesNotMatch(forced.summary, /this tree \(key/, `${event} ${JSON.stringify(inputs)} builds`);
      assert.match(forced.outputs['cache-hits'] ?? '', /^\d+\/\d+$/);
    }

    // the code changes, the dependencies do not: the dependency stage whole from the cache, and its
    // fat layer neither built nor uploaded again
    writeApp(dir, { ...shape, code: '2' });
    const [code, codeBig] = await bigUploads(() =>
      onNewRunner(engine, image, job(image, dir, base, engine, randomSha())),
    );
    const [buildHits, buildSteps] = stageHits(code, 'build');
    assert.ok(buildHits < buildSteps, `the build stage rebuilds the code: ${buildHits}/${buildSteps}`);
    assert.equal(code.outputs['test-exit-code'], '0');
    assert.ok(fullHit(stageHits(code, 'deps')), `deps from the cache on a code change:\n${code.log}`);
    assert.deepEqual(codeBig, [], `a code change uploads no big blob (the ${FAT_MIB} MiB layer stays)`);

    // a dependency changes: the dependency stage rebuilds, and so does everything after it
    writeApp(dir, { ...shape, code: '2', deps: '2' });
    const deps = await onNewRunner(engine, image, job(image, dir, base, engine, randomSha()));
    const [depsHits, depsSteps] = stageHits(deps, 'deps');
    assert.ok(depsHits < depsSteps, `the dependency stage rebuilds: ${depsHits}/${depsSteps}`);
    const tag = (deps.outputs.tags ?? '').split('\n')[0] ?? '';
    assert.equal(await registryDigest(image, tag.slice(image.length + 1)), deps.outputs.digest);
  });

  it(`${engine.name}: ten stages warm on a new runner take every stage from the cache`, async () => {
    const env = engine.env();
    const base = uniqueBase(env);
    const image = `${proxy.host}/e2e/ten-${engine.builder}-${randomSha().slice(0, 8)}`;
    const dir = tempDir('app');
    const shape: AppShape = { stages: 10 };
    const stages = stageNames(shape);
    assert.equal(stages.length, 10);
    writeApp(dir, shape);
    const cold = await onNewRunner(engine, image, job(image, dir, base, engine, randomSha()));
    for (const stage of stages) assert.equal(stageHits(cold, stage)[0], 0, `${stage} is cold`);
    if (engine.builder === 'buildx') assert.match(cold.summary, /registry cache exported/, cold.log);
    const warm = await onNewRunner(
      engine,
      image,
      job(image, dir, base, engine, randomSha(), { 'tested-tree': 'build' }),
    );
    assert.equal(warm.outputs['test-exit-code'], '0');
    const missed = stages.filter((stage) => !fullHit(stageHits(warm, stage)));
    assert.deepEqual(missed, [], `every stage from the cache:\n${warm.log}`);
  });
}

describe('CI scenarios on a new runner', { concurrency: true }, () => onEveryEngine(dayOfCommits));
