// A daemon that cannot remove containers (as btrfs daemons could not): berth never needs a removal to
// work, so the job passes, and what was left is a warning that names it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Job, repoRoot, tempDir } from '../helpers/action-runner.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import {
  containerExists as exists,
  docker,
  dockerHost,
  pushToMain,
  registryTags,
  uniqueRepository,
} from '../helpers/testbed.js';

describe('a daemon that refuses to remove containers', () => {
  it('passes the job and warns with the containers left behind', async () => {
    const proxy = await FaultProxy.start(tempDir('fault'), dockerHost().replace(/^unix:\/\//, ''));
    const left: string[] = [];
    try {
      const image = uniqueRepository('no-removal');
      const job = new Job({
        inputs: {
          image,
          context: path.join(repoRoot, '__tests__', 'fixtures', 'sample-app'),
          'test-command': '/test/run.sh',
        },
        env: pushToMain(proxy.host),
        event: { repository: { default_branch: 'main' } },
      });
      const main = await job.main();
      assert.equal(main.exitCode, 0, main.log);
      const probe =
        /the daemon refused to remove the probe's container (berth-probe-[0-9a-f]+): left behind/.exec(
          main.log,
        );
      assert.ok(probe?.[1], main.log);
      left.push(probe[1]);
      assert.ok(exists(probe[1]), 'the probe container is really still there');
      assert.match(
        readFileSync(path.join(main.outputs['artifacts-dir'] ?? '', 'junit.xml'), 'utf8'),
        /failures="0"/,
      );
      assert.ok((await registryTags(image)).includes('latest'));

      const [test] = (JSON.parse(main.state.berth ?? '{}') as { containers: string[] }).containers;
      assert.ok(test, 'the test container the daemon kept is left to post');
      left.push(test);
      assert.match(main.log, new RegExp(`test: the daemon did not remove ${test} .*; post tries again`));
      const post = await job.post();
      assert.equal(post.exitCode, 0, post.log);
      assert.match(
        post.log,
        new RegExp(
          `::warning::cleanup: could not remove container ${test}: .*failed to remove root filesystem`,
        ),
      );
      assert.match(post.log, new RegExp(`::warning::cleanup: left behind on the daemon: ${test}`));
      assert.ok(exists(test), 'the test container is really still there');
      assert.ok(
        proxy.refused.some((url) => url.includes(`/containers/${test}`)),
        proxy.refused.join('\n'),
      );
    } finally {
      await proxy.close();
      for (const name of left) docker('rm', '--force', '--volumes', name);
    }
  });
});
