// What CI runs all day, as correctness checks on every engine of the matrix (never timed: the bench
// times them): a cold run, the same commit again on a new runner, a commit that changes the code and
// leaves the dependencies alone, one that changes a dependency, a fat dependency layer that must not
// move again when the code changes, and a ten-stage app whose warm run takes every stage from the cache.
// The registry is reached through a proxy that records every request, so that a test can say which
// blobs were uploaded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Job, tempDir, type StepResult } from '../helpers/action-runner.js';
import { ENGINES, OLD_BUILDKIT, OLD_LEGACY, type Engine } from '../helpers/engines.js';
import { freshRunner, uniqueBase } from '../helpers/fresh-runner.js';
import { startFlakyProxy, type FlakyProxy } from '../helpers/registries.js';
import { stageNames, writeApp, type AppShape } from '../helpers/scenario-apps.js';
import { randomSha, registry, registryDigest } from '../helpers/testbed.js';

let proxy: FlakyProxy;
before(async () => {
  proxy = await startFlakyProxy(registry(), () => false, 0);
});
after(() => proxy.stop());

/** A push to main of commit `sha` of the app in `dir`. */
function job(image: string, dir: string, base: string, engine: Engine, sha: string, inputs = {}): Job {
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
      GITHUB_EVENT_NAME: 'push',
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

/** Blobs uploaded (the PUT that ends an upload names the digest) while `body` ran. */
async function uploadsDuring(body: () => Promise<unknown>): Promise<string[]> {
  const from = proxy.requests.length;
  await body();
  return proxy.requests
    .slice(from)
    .flatMap(
      (line) =>
        /^PUT \S*\/blobs\/uploads\/\S*[?&]digest=(sha256(?::|%3A)[0-9a-f]{64})/i.exec(line)?.[1] ?? [],
    )
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

    const cold = await onNewRunner(engine, image, job(image, dir, base, engine, randomSha()));
    for (const stage of stages) assert.equal(stageHits(cold, stage)[0], 0, `${stage} is cold`);

    // the same commit on a new runner: every stage from the cache, no big blob uploaded again
    const again = randomSha();
    const bigUploads = async (main: () => Promise<StepResult>): Promise<[StepResult, number[]]> => {
      let result: StepResult | undefined;
      const uploads = await uploadsDuring(async () => (result = await main()));
      const sizes = await Promise.all(uploads.map((digest) => blobSize(image, digest)));
      return [result as StepResult, sizes.filter((size) => size > 1 << 20)];
    };
    const [rerun, rerunBig] = await bigUploads(() =>
      onNewRunner(engine, image, job(image, dir, base, engine, again)),
    );
    for (const stage of stages)
      assert.ok(fullHit(stageHits(rerun, stage)), `${stage} from the cache:\n${rerun.log}`);
    assert.deepEqual(rerunBig, [], 'a re-run uploads no big blob');

    // the code changes, the dependencies do not: the dependency stage whole from the cache, and its
    // fat layer neither built nor uploaded again
    writeApp(dir, { ...shape, code: '2' });
    const [code, codeBig] = await bigUploads(() =>
      onNewRunner(engine, image, job(image, dir, base, engine, randomSha())),
    );
    assert.ok(fullHit(stageHits(code, 'deps')), `deps from the cache on a code change:\n${code.log}`);
    const [buildHits, buildSteps] = stageHits(code, 'build');
    assert.ok(buildHits < buildSteps, `the build stage rebuilds the code: ${buildHits}/${buildSteps}`);
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
    const warm = await onNewRunner(engine, image, job(image, dir, base, engine, randomSha()));
    for (const stage of stages)
      assert.ok(fullHit(stageHits(warm, stage)), `${stage} from the cache:\n${warm.log}`);
  });
}

// the two 20.10 rows share one engine: side by side with the others, one after the other between them
describe('CI scenarios on a new runner', { concurrency: true }, () => {
  for (const engine of ENGINES.filter((row) => row !== OLD_BUILDKIT)) {
    if (engine === OLD_LEGACY) {
      describe('engine 20.10', () => {
        dayOfCommits(OLD_LEGACY);
        dayOfCommits(OLD_BUILDKIT);
      });
    } else {
      describe(engine.name, () => dayOfCommits(engine));
    }
  }
});
