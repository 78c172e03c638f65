// Cache that hits on a fresh runner: every stage of a multi-stage app, with the legacy builder and with
// BuildKit (Debian's 20.10 client), read from the registry the bundled action pushed to.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { freshRunner, hasImage, pathWithDebianClient, uniqueBase } from '../helpers/fresh-runner.js';
import { Job, repoRoot, type StepResult } from '../helpers/action-runner.js';
import {
  dockerHost,
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
    inputs: { image, context: app, 'build-args': `BASE=${base}`, 'test-command': '/test/run.sh', ...inputs },
    env: {
      DOCKER_HOST: dockerHost(),
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

const builders = [
  { name: 'legacy', env: (): Record<string, string> => ({ DOCKER_BUILDKIT: '0' }), steps: [3, 5, 3] },
  {
    name: 'buildkit',
    env: (): Record<string, string> => ({ PATH: pathWithDebianClient() }),
    steps: [2, 4, 2],
  },
];

/** The push phase's lines of a log, for a failure message that says why a tag was not tagged. */
function pushLines(log: string, tag: string): string {
  return [tag, ...log.split('\n').filter((line) => /push|tagged/.test(line))].join('\n');
}

/** Whether main ran `docker push` for this reference (its debug line). */
function dockerPushed(log: string, ref: string): boolean {
  return log.split('\n').includes(`::debug::run: docker push ${ref}`);
}

describe('stage cache on a fresh runner', () => {
  for (const builder of builders) {
    it(`${builder.name}: a cold run misses, a warm run on a new runner hits every stage, a pull request pushes no cache`, async () => {
      const image = uniqueRepository(`cache-${builder.name}`);
      const base = uniqueBase();
      const total = builder.steps.reduce((sum, steps) => sum + steps, 0);

      const cold = await runJob(job(image, base, 'push', builder.env()));
      assert.equal(JSON.parse(cold.outputs.environment ?? '{}').builder, builder.name);
      assert.equal(cold.outputs['cache-hits'], `0/${total}`);
      STAGES.forEach((stage, index) =>
        assert.deepEqual(stageRow(cold.summary, stage), ['-', `0/${builder.steps[index]}`], stage),
      );
      const cacheTags = STAGES.map((stage) => `cache-main-${stage}`);
      const tags = await registryTags(image);
      for (const tag of cacheTags) assert.ok(tags.includes(tag), `${tag} pushed: ${tags.join(', ')}`);
      assert.match(cold.summary, /3 of 3 stage cache images changed/);
      // the final stage's cache image is the image itself: tagged in the registry, not pushed again
      const finalCache = `${image}:cache-main-${STAGES[STAGES.length - 1]}`;
      assert.ok(cold.log.includes(`pushed ${finalCache} (tagged in the registry)`), cold.log);
      assert.ok(!dockerPushed(cold.log, finalCache));
      assert.doesNotMatch(cold.log, /came whole from/, 'a cold run uploads the layers with one tag first');
      const [first, ...later] = (cold.outputs.tags ?? '').split('\n');
      assert.ok(dockerPushed(cold.log, first ?? ''), 'the first tag uploads the layers with docker push');
      for (const tag of later) {
        assert.ok(cold.log.includes(`pushed ${tag} (tagged in the registry)`), pushLines(cold.log, tag));
        assert.ok(!dockerPushed(cold.log, tag), `${tag} is a manifest PUT, not a docker push`);
        assert.equal(await registryDigest(image, tag.slice(image.length + 1)), cold.outputs.digest, tag);
      }

      freshRunner(image);
      assert.ok(!hasImage(cold.outputs['image-id'] ?? ''), 'the fresh runner has no image of the cold run');
      const warm = await runJob(job(image, base, 'push', builder.env()));
      assert.equal(warm.outputs['cache-hits'], `${total}/${total}`);
      STAGES.forEach((stage, index) =>
        assert.deepEqual(
          stageRow(warm.summary, stage),
          [`${image}:cache-main-${stage}`, `${builder.steps[index]}/${builder.steps[index]}`],
          stage,
        ),
      );
      assert.equal(warm.outputs['image-id'], cold.outputs['image-id']);
      assert.match(warm.summary, /0 of 3 stage cache images changed/);
      assert.ok(warm.log.includes(`push: the final stage came whole from ${image}:cache-main-`), warm.log);
      const pushed = (warm.outputs.tags ?? '').split('\n');
      assert.deepEqual(pushed.length, 3);
      for (const tag of pushed) {
        assert.ok(warm.log.includes(`pushed ${tag} (tagged in the registry)`), pushLines(warm.log, tag));
        assert.ok(!dockerPushed(warm.log, tag), `${tag} is a manifest PUT, not a docker push`);
        assert.equal(await registryDigest(image, tag.slice(image.length + 1)), warm.outputs.digest, tag);
      }

      freshRunner(image);
      const pr = await runJob(job(image, base, 'pull_request', builder.env()));
      assert.equal(pr.outputs['cache-hits'], `${total}/${total}`);
      assert.deepEqual(stageRow(pr.summary, 'deps')?.[0], `${image}:cache-main-deps`);
      assert.match(pr.log, /cache push: skipped, push is auto and this is a pull_request run/);
      assert.ok(!(await registryTags(image)).some((tag) => tag.startsWith('cache-feature')));
    });
  }

  it('BuildKit: a final stage whole from a cache image with another config pushes the first tag, then tags', async () => {
    // BuildKit writes its inline cache records in no fixed order, so a build served whole from the
    // cache can differ from the cache image in its config alone: the registry lacks that config blob
    const image = uniqueRepository('cache-config');
    const base = uniqueBase();
    const buildkit = builders[1]?.env() ?? {};
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

  it('no-cache: true rebuilds every step even with a warm cache', async () => {
    const image = uniqueRepository('cache-none');
    const base = uniqueBase();
    await runJob(job(image, base, 'push', { DOCKER_BUILDKIT: '0' }));
    const again = await runJob(job(image, base, 'push', { DOCKER_BUILDKIT: '0' }, { 'no-cache': 'true' }));
    assert.equal(again.outputs['cache-hits'], '0/11');
  });

  it('cache: actions without an Actions cache service carries on without a cache, with a notice', async () => {
    const image = uniqueRepository('cache-actions');
    const main = await runJob(
      job(image, uniqueBase(), 'push', { DOCKER_BUILDKIT: '0' }, { cache: 'actions' }),
    );
    assert.match(main.log, /::notice::cache: actions: no Actions cache service here/);
    assert.equal(main.outputs['cache-hits'], '0/11');
    assert.deepEqual(
      (await registryTags(image)).filter((tag) => tag.startsWith('cache-')),
      [],
    );
  });
});
