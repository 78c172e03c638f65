import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planCopy } from '../../../src/test-run/artifacts.js';
import { envFileText, planStop, planTestContainer } from '../../../src/test-run/container.js';

describe('test and artifacts plans', () => {
  const request = {
    image: 'sha256:abc',
    command: 'make test',
    env: [{ key: 'DB_PASSWORD', value: 'pw' }],
    name: 'berth-test-1',
    timeoutMs: 0,
  };
  it('runs the test container with its environment in a file, and the command for /bin/sh', () => {
    const argv = planTestContainer(request, '/tmp/x/env');
    assert.deepEqual(argv, [
      'docker',
      'run',
      '--name',
      'berth-test-1',
      '--label',
      'berth.role=test',
      '--env-file',
      '/tmp/x/env',
      '--entrypoint',
      '/bin/sh',
      'sha256:abc',
      '-c',
      'make test',
    ]);
    assert.ok(!argv.join(' ').includes('pw'), 'no value in argv');
    assert.equal(envFileText(request.env), 'DB_PASSWORD=pw\n');
  });
  it('needs no env file without test-env', () =>
    assert.ok(!planTestContainer({ ...request, env: [] }, '/tmp/x/env').includes('--env-file')));
  it('stops a container with TERM, then KILL after the grace period', () =>
    assert.deepEqual(planStop('c', 10), ['docker', 'stop', '--time', '10', 'c']));
  it('copies the contents of the artifacts folder', () => {
    assert.deepEqual(planCopy('c', '/artifacts/', '/ws/out'), ['docker', 'cp', 'c:/artifacts/.', '/ws/out']);
  });
});
