// Whether berth runs in a container, which image the visibility probe uses, and the probe container.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containerFacts, pickProbeImage, planProbeContainer } from '../../../src/detect/visibility.js';
import { fakeFiles } from '../../helpers/fake-files.js';

const ID = 'a'.repeat(64);

describe('containerFacts', () => {
  const rows: [string, Record<string, string>, boolean, string][] = [
    ['Docker leaves /.dockerenv', { '/.dockerenv': '' }, true, '/.dockerenv'],
    [
      'Podman leaves /run/.containerenv',
      { '/run/.containerenv': 'engine="podman"' },
      true,
      '/run/.containerenv',
    ],
    [
      'cgroup v2 Docker: its hostname file in mountinfo',
      {
        '/proc/self/mountinfo': `612 600 254:1 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw - ext4 /dev/vda1 rw\n`,
      },
      true,
      '/proc/self/mountinfo',
    ],
    ['cgroup v1 Docker', { '/proc/1/cgroup': `12:pids:/docker/${ID}\n` }, true, '/proc/1/cgroup'],
    [
      'a plain machine',
      {
        '/proc/self/mountinfo': '22 1 254:1 / / rw - ext4 /dev/vda1 rw\n',
        '/proc/1/cgroup': '0::/init.scope\n',
      },
      false,
      'none of /.dockerenv, /run/.containerenv, container mounts',
    ],
  ];
  for (const [name, files, inContainer, evidence] of rows)
    it(name, () => assert.deepEqual(containerFacts(fakeFiles(files)), { inContainer, evidence }));
});

describe('pickProbeImage', () => {
  const rows: [string, string[], { image: string; hasDf: boolean } | undefined][] = [
    [
      'busybox has df',
      ['<none>:<none>', 'app:1', 'busybox:latest'],
      { image: 'busybox:latest', hasDf: true },
    ],
    [
      'alpine from a registry',
      ['registry.example.com/base/alpine:3.20'],
      { image: 'registry.example.com/base/alpine:3.20', hasDf: true },
    ],
    ['docker:dind is alpine', ['docker:27-dind'], { image: 'docker:27-dind', hasDf: true }],
    ['any image, never started', ['<none>:<none>', 'shop:main'], { image: 'shop:main', hasDf: false }],
    [
      'a name that merely contains busybox',
      ['my-busybox-app:1'],
      { image: 'my-busybox-app:1', hasDf: false },
    ],
    ['no image at all', ['<none>:<none>'], undefined],
  ];
  for (const [name, images, expected] of rows)
    it(name, () => assert.deepEqual(pickProbeImage(images), expected));
});

describe('planProbeContainer', () => {
  it('binds the folder with --mount, so a daemon without it fails instead of making it, and runs df', () =>
    assert.deepEqual(planProbeContainer('berth-probe-1', '/ws/.berth-probe-x', 'busybox:latest', true), [
      'docker',
      'create',
      '--name',
      'berth-probe-1',
      '--label',
      'berth.role=probe',
      '--mount',
      'type=bind,source=/ws/.berth-probe-x,target=/berth-probe,readonly',
      '--entrypoint',
      'df',
      'busybox:latest',
      '-kP',
      '/',
    ]));
  it('runs once and is removed by the daemon where only df reads free space (the containerd store)', () =>
    assert.deepEqual(
      planProbeContainer('berth-probe-1', '/ws/.berth-probe-x', 'busybox:latest', true, 'run').slice(0, 6),
      ['docker', 'run', '--rm', '--name', 'berth-probe-1', '--label'],
    ));
  it('never starts an image without df', () =>
    assert.deepEqual(planProbeContainer('p', '/d', 'shop:main', false).slice(-3), [
      '--entrypoint',
      '/berth-none',
      'shop:main',
    ]));
});
