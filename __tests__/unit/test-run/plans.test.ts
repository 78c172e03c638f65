import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planCopy } from '../../../src/test-run/artifacts.js';
import { planTestContainer } from '../../../src/test-run/container.js';

describe('test and artifacts plans', () => {
  it('runs the test container with env by name and the command for /bin/sh', () => {
    const plan = planTestContainer({
      image: 'sha256:abc',
      command: 'make test',
      env: [{ key: 'DB_PASSWORD', value: 'pw' }],
      name: 'berth-test-1',
    });
    assert.deepEqual(plan.argv, [
      'docker',
      'run',
      '--name',
      'berth-test-1',
      '--label',
      'berth.role=test',
      '--entrypoint',
      '/bin/sh',
      '--env',
      'DB_PASSWORD',
      'sha256:abc',
      '-c',
      'make test',
    ]);
    assert.deepEqual(plan.env, { DB_PASSWORD: 'pw' });
  });
  it('copies the contents of the artifacts folder', () => {
    assert.deepEqual(planCopy('c', '/artifacts/', '/ws/out'), ['docker', 'cp', 'c:/artifacts/.', '/ws/out']);
  });
});
