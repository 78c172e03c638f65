// An endpoint berth resolved itself (here from the docker-host input, with a stale DOCKER_HOST in the
// job's environment) is exported to later steps through GITHUB_ENV, TLS switched off with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Environment } from '../../src/detect/environment.js';
import { Job } from '../helpers/action-runner.js';
import { dockerHost } from '../helpers/testbed.js';

describe('docker-host input', () => {
  it('comes first, and what berth resolved is exported for later steps', async () => {
    const job = new Job({
      inputs: { 'docker-host': dockerHost() },
      env: { DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nowhere' },
    });
    const main = await job.main();
    assert.equal(main.exitCode, 0, main.log);
    const environment = JSON.parse(main.outputs.environment ?? '{}') as Environment;
    assert.deepEqual(
      [environment.daemon.host, environment.daemon.source],
      [dockerHost(), 'docker-host input'],
    );
    assert.equal(main.outputs['docker-host'], dockerHost());
    const exported = { DOCKER_HOST: dockerHost(), DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' };
    assert.deepEqual(environment.exported, exported);
    for (const [name, value] of Object.entries(exported)) assert.equal(main.env[name], value, name);
    assert.match(
      main.summary,
      /<td>exported<\/td><td>DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH<\/td>/,
    );
    assert.match(main.log, /build: skipped, no image given/);
  });
});
