import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planBuild, type BuildRequest } from '../../../src/build/image-build.js';

const request: BuildRequest = {
  builder: 'legacy',
  context: '/ws',
  file: '/ws/Dockerfile',
  target: '',
  buildArgs: [{ key: 'TOKEN', value: 'hidden' }],
  tags: ['r/a:1', 'r/a:latest'],
  cacheFrom: ['r/a:main'],
  iidFile: '/tmp/iid',
};

describe('planBuild', () => {
  it('keeps build-arg values out of argv', () => {
    const plan = planBuild(request);
    assert.deepEqual(plan.argv, [
      'docker',
      'build',
      '--file',
      '/ws/Dockerfile',
      '--iidfile',
      '/tmp/iid',
      '--build-arg',
      'TOKEN',
      '--tag',
      'r/a:1',
      '--tag',
      'r/a:latest',
      '--cache-from',
      'r/a:main',
      '/ws',
    ]);
    assert.deepEqual(plan.env, { DOCKER_BUILDKIT: '0', TOKEN: 'hidden' });
    assert.ok(!plan.argv.join(' ').includes('hidden'));
  });
  const rows: [BuildRequest['builder'], string[], Record<string, string>][] = [
    [
      'buildkit',
      ['docker', 'build', '--progress', 'plain', '--build-arg', 'BUILDKIT_INLINE_CACHE=1'],
      { DOCKER_BUILDKIT: '1' },
    ],
    [
      'buildx',
      [
        'docker',
        'buildx',
        'build',
        '--load',
        '--progress',
        'plain',
        '--build-arg',
        'BUILDKIT_INLINE_CACHE=1',
      ],
      {},
    ],
  ];
  for (const [builder, head, env] of rows) {
    it(`plans a ${builder} build`, () => {
      const plan = planBuild({ ...request, builder, target: 'test', buildArgs: [] });
      assert.deepEqual(plan.argv.slice(0, head.length), head);
      assert.deepEqual(plan.env, env);
      assert.deepEqual(plan.argv.slice(plan.argv.indexOf('--target'), plan.argv.indexOf('--target') + 2), [
        '--target',
        'test',
      ]);
    });
  }
});
