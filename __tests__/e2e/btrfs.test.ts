// The whole pipeline on a second engine whose storage is btrfs on a 2 GiB loop-mounted file system
// (scripts/testbed.sh up-btrfs): detection reports the driver and the low free space, prunes when
// asked, and build, test, reports, push and cleanup all work there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Environment } from '../../src/detect/environment.js';
import { Job, repoRoot } from '../helpers/action-runner.js';
import { testContainerOf } from '../helpers/scenario-checks.js';
import { pushToMain, registryTags, uniqueRepository } from '../helpers/testbed.js';

const testbed = path.join(repoRoot, 'scripts', 'testbed.sh');

function btrfsDocker(host: string, ...args: string[]): string {
  return execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8' });
}

describe('a daemon on btrfs', () => {
  let host = '';
  before(() => {
    const printed = execFileSync('bash', [testbed, 'up-btrfs'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    host = /DOCKER_HOST=(\S+)/.exec(printed)?.[1] ?? '';
    assert.match(host, /^unix:\/\//, printed);
  });
  after(() => {
    execFileSync('bash', [testbed, 'down-btrfs'], { stdio: ['ignore', 'inherit', 'inherit'] });
  });

  it('runs the pipeline, reports btrfs and the low free space, prunes when asked', async () => {
    const image = uniqueRepository('btrfs');
    const job = new Job({
      inputs: {
        image,
        context: path.join(repoRoot, '__tests__', 'fixtures', 'sample-app'),
        'test-command': '/test/run.sh',
        prune: 'true',
      },
      env: pushToMain(host),
      event: { repository: { default_branch: 'main' } },
    });
    const main = await job.main();
    assert.equal(main.exitCode, 0, main.log);
    const environment = JSON.parse(main.outputs.environment ?? '{}') as Environment;
    assert.equal(environment.daemon.storageDriver, 'btrfs');
    assert.equal(environment.daemon.host, host);
    assert.equal(environment.workspace.visible, true);
    const free = environment.disk.freeBytes ?? Infinity;
    assert.ok(free > 0 && free < 2 * 1024 ** 3, `free space ${free} is that of the 2 GiB file system`);
    assert.equal(environment.disk.source, 'data root', 'statfs of the data root on the btrfs file system');
    assert.equal(environment.disk.pruned, true);
    assert.match(
      main.log,
      /::warning::the daemon has \d\.\d\d GiB free where it stores images, under min-free-space \(2\.00 GiB\).*\(pruned\)/,
    );
    assert.match(main.summary, /<td>storage<\/td><td>btrfs, [\d.]+ GiB free \(min 2\.0 GiB\), pruned<\/td>/);

    assert.match(
      readFileSync(path.join(main.outputs['artifacts-dir'] ?? '', 'junit.xml'), 'utf8'),
      /tests="2" failures="0"/,
    );
    assert.ok((await registryTags(image)).includes('latest'));

    const container = testContainerOf(main.log);
    assert.equal(
      btrfsDocker(host, 'ps', '--all', '--quiet', '--filter', `name=^${container}$`).trim(),
      '',
      'main removed its test container on btrfs',
    );
    const post = await job.post();
    assert.equal(post.exitCode, 0, post.log);
  });
});
