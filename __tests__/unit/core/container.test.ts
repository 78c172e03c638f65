import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containerName, planRemove } from '../../../src/core/container.js';

describe('containers', () => {
  it('removes with its volumes', () =>
    assert.deepEqual(planRemove('c'), ['docker', 'rm', '--force', '--volumes', 'c']));
  it('names a container by role, never twice the same', () => {
    const [a, b] = [containerName('test'), containerName('test')];
    assert.match(a, /^berth-test-[0-9a-f]{10}$/);
    assert.notEqual(a, b);
  });
});
