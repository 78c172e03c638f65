import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planLogin, planLogout } from '../../../src/registry/login.js';
import { parseDigest, planPushWaves, pushDecision, type ImageLayers } from '../../../src/registry/push.js';

describe('login and push plans', () => {
  it('logs in to and out of Docker Hub with no server, where docker keeps its credentials', () => {
    for (const registry of ['docker.io', 'index.docker.io']) {
      assert.deepEqual(planLogin({ registry, username: 'u', password: 'p' }).slice(-1), ['--password-stdin']);
      assert.deepEqual(planLogout(registry), ['docker', 'logout']);
    }
    assert.deepEqual(planLogout('ghcr.io'), ['docker', 'logout', 'ghcr.io']);
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
