// `build: false`: an image another job built and pushed is pulled and tested on a runner that never saw
// it; nothing is built, and only the tags asked for go on the very manifest that was tested.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Job, repoRoot } from '../helpers/action-runner.js';
import { freshRunner, hasImage } from '../helpers/fresh-runner.js';
import {
  pushedTags,
  pushToMain,
  registryDigest,
  registryTags,
  uniqueRepository,
  withoutCacheTags,
} from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');
const host = (): string => process.env.DOCKER_HOST ?? '';

describe('build: false on an image pushed by another job', () => {
  it('pulls it, tests it, and puts only the tags given on the tested manifest', async () => {
    const image = uniqueRepository('prebuilt');
    const builder = new Job({
      inputs: { image, context: sampleApp, 'test-command': '/test/run.sh', cache: 'none' },
      env: pushToMain(host()),
    });
    const built = await builder.main();
    assert.equal(built.exitCode, 0, built.log);
    await builder.post();
    const shaTag = pushedTags(built.outputs.tags).find((tag) => tag.startsWith('sha-')) ?? '';
    assert.ok(shaTag, built.outputs.tags);
    const digest = await registryDigest(image, shaTag);
    freshRunner(image);
    assert.equal(hasImage(`${image}:${shaTag}`), false);

    const tester = new Job({
      inputs: {
        image: `${image}:${shaTag}`,
        build: 'false',
        'test-command': '/test/run.sh',
        tags: 'release\nstable',
      },
      env: pushToMain(host()),
    });
    const tested = await tester.main();
    assert.equal(tested.exitCode, 0, tested.log);
    assert.equal(tested.outputs['image-id'], built.outputs['image-id']);
    assert.match(tested.summary, /<td>pull<\/td><td>[\d.]+ s<\/td><td>✅ ok<\/td>/);
    assert.match(
      tested.summary,
      /<td>build<\/td><td>0\.0 s<\/td><td>⏭️ skipped<\/td><td>build is false: testing /,
    );
    assert.doesNotMatch(tested.log, /docker (buildx )?build /);
    assert.equal(await registryDigest(image, 'release'), digest);
    assert.equal(await registryDigest(image, 'stable'), digest);
    assert.equal(tested.outputs.digest, digest);
    // no default tag for the tester's commit: its tags are only the ones asked for
    assert.deepEqual(
      withoutCacheTags(await registryTags(image)),
      [...pushedTags(built.outputs.tags), 'release', 'stable'].sort(),
    );
    assert.equal((await tester.post()).exitCode, 0);
  });

  it('tests an image named by its digest, and pushes nothing when the tests fail', async () => {
    const image = uniqueRepository('prebuilt-red');
    const builder = new Job({
      inputs: { image, context: sampleApp, cache: 'none' },
      env: pushToMain(host()),
    });
    const built = await builder.main();
    assert.equal(built.exitCode, 0, built.log);
    await builder.post();
    const digest = built.outputs.digest ?? '';
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    freshRunner(image);

    const tester = new Job({
      inputs: { image: `${image}@${digest}`, build: 'false', 'test-command': 'exit 3', tags: 'broken' },
      env: pushToMain(host()),
    });
    const tested = await tester.main();
    assert.equal(tested.exitCode, 1, tested.log);
    assert.equal(tested.outputs['test-exit-code'], '3');
    assert.match(tested.log, /^::error::test-command failed with exit code 3; .*nothing was pushed$/m);
    assert.equal((await registryTags(image)).includes('broken'), false);
    assert.equal((await tester.post()).exitCode, 0);
  });
});
