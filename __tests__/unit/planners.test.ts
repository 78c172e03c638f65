// The argv planners and output parsers of the build, test, copy, push and cleanup phases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planCopy } from '../../src/test-run/artifacts.js';
import { planBuild, type BuildRequest } from '../../src/build/image-build.js';
import { chooseBuilder } from '../../src/detect/facts.js';
import { planLogin } from '../../src/registry/login.js';
import { parseDigest, planPushWaves, pushDecision, type ImageLayers } from '../../src/registry/push.js';
import { planRemove } from '../../src/core/container.js';
import { planTestContainer } from '../../src/test-run/container.js';

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

describe('detect planners', () => {
  const rows: [string, string, boolean, string | undefined, string][] = [
    ['buildx wins', '28.2.2', true, undefined, 'buildx'],
    ['DOCKER_BUILDKIT=0 forces legacy', '28.2.2', true, '0', 'legacy'],
    ['20.10 has BuildKit built in', '20.10.24+dfsg1', false, undefined, 'buildkit'],
    ['28 without buildx is legacy', '28.2.2', false, undefined, 'legacy'],
  ];
  for (const [name, version, buildx, env, expected] of rows) {
    it(name, () => assert.equal(chooseBuilder(version, buildx, env), expected));
  }
});

describe('test, copy, login, push and cleanup plans', () => {
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
  it('logs in with the password on stdin only', () => {
    assert.deepEqual(planLogin({ registry: 'ghcr.io', username: 'bot', password: 'pw' }), [
      'docker',
      'login',
      '--username',
      'bot',
      '--password-stdin',
      'ghcr.io',
    ]);
  });
  it('removes with its volumes', () =>
    assert.deepEqual(planRemove('c'), ['docker', 'rm', '--force', '--volumes', 'c']));
  it('reads the digest of a push', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.equal(parseDigest(`latest: digest: ${digest} size: 527`), digest);
    assert.equal(parseDigest('nothing'), '');
  });
  const decisions: [Parameters<typeof pushDecision>, boolean][] = [
    [['auto', 'push', true], true],
    [['auto', 'schedule', true], true],
    [['auto', 'workflow_dispatch', true], true],
    [['auto', 'pull_request', true], false],
    [['auto', 'pull_request_target', true], false],
    [['auto', 'local', true], false],
    [['true', 'pull_request', true], true],
    [['true', 'push', false], false],
    [['false', 'push', true], false],
  ];
  for (const [args, expected] of decisions) {
    it(`push ${args.join(' ')} → ${expected}`, () => assert.equal(pushDecision(...args).push, expected));
  }
});

describe('planPushWaves', () => {
  const image = (ref: string, ...layers: string[]): Pick<ImageLayers, 'ref' | 'layers'> => ({ ref, layers });
  const rows: [string, Pick<ImageLayers, 'ref' | 'layers'>[], string[], string[][]][] = [
    ['nothing to push', [], [], []],
    [
      'images sharing only pushed layers go at once',
      [image('deps', 'base', 'd1'), image('build', 'base', 'b1'), image('final', 'base', 'f1')],
      ['base', 'f1'],
      [['deps', 'build', 'final']],
    ],
    [
      'a shared new layer puts the second image in the next wave',
      [image('deps', 'base', 'd1'), image('build', 'base', 'b1')],
      [],
      [['deps'], ['build']],
    ],
    [
      'an image waits for the last earlier image it shares a new layer with',
      [image('a', 'x'), image('b', 'y'), image('c', 'y', 'z'), image('d', 'z', 'w'), image('e', 'v')],
      [],
      [['a', 'b', 'e'], ['c'], ['d']],
    ],
    [
      'a layer first claimed in a late wave is waited for there',
      [image('a', 'x'), image('b', 'x', 'y'), image('c', 'y')],
      [],
      [['a'], ['b'], ['c']],
    ],
    ['an image with no layers goes first', [image('empty')], [], [['empty']]],
  ];
  for (const [name, images, pushed, expected] of rows) {
    it(name, () => assert.deepEqual(planPushWaves(images, new Set(pushed)), expected));
  }
});
