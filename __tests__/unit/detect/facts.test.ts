// Daemon and client facts, warnings, compose, free space and the no-daemon message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  composeKind,
  clientPlugins,
  composePlugin,
  factWarnings,
  isCompiled,
  parseFacts,
  type DaemonFacts,
} from '../../../src/detect/facts.js';
import {
  diskWarning,
  parseDf,
  planDiskReading,
  probeRecord,
  type DiskFacts,
  type DiskSource,
} from '../../../src/detect/disk.js';
import type { CiKind } from '../../../src/detect/ci.js';
import { parseSize } from '../../../src/core/input-values.js';
import { noDaemonMessage } from '../../../src/detect/no-daemon.js';

const testbed: DaemonFacts = parseFacts(
  {
    Client: { Version: '28.2.2', ApiVersion: '1.41', DefaultAPIVersion: '1.50' },
    Server: { Version: '20.10.24+dfsg1', ApiVersion: '1.41' },
  },
  {
    Driver: 'overlay2',
    OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    CgroupVersion: '1',
    SecurityOptions: ['name=seccomp,profile=default'],
    DockerRootDir: '/var/lib/docker',
  },
);

describe('daemon facts', () => {
  it('reads versions, storage, cgroups and OS from docker version and docker info', () =>
    assert.deepEqual(testbed, {
      clientVersion: '28.2.2',
      clientApiVersion: '1.50',
      serverVersion: '20.10.24+dfsg1',
      apiVersion: '1.41',
      os: 'Debian GNU/Linux 12 (bookworm)',
      storageDriver: 'overlay2',
      rootless: false,
      cgroupVersion: '1',
      rootDir: '/var/lib/docker',
      containerdStore: false,
    }));
  it('sees the containerd image store in the driver status', () => {
    const status = (pairs: [string, string][]): boolean =>
      parseFacts({}, { Driver: 'overlayfs', DriverStatus: pairs }).containerdStore;
    assert.equal(status([['driver-type', 'io.containerd.snapshotter.v1']]), true);
    assert.equal(status([['Backing Filesystem', 'extfs']]), false);
    assert.equal(parseFacts({}, { DriverStatus: null }).containerdStore, false);
  });
  it('sees a rootless daemon in its security options', () =>
    assert.equal(
      parseFacts({}, { SecurityOptions: ['name=seccomp,profile=builtin', 'name=rootless', 'name=cgroupns'] })
        .rootless,
      true,
    ));

  const rows: [string, Partial<DaemonFacts>, RegExp[]][] = [
    [
      'a client ahead of the server, a major apart',
      {},
      [/speaks API 1.50, the daemon only 1.41/, /differ by a major version/],
    ],
    ['the same versions', { clientVersion: '20.10.24', clientApiVersion: '1.41' }, []],
    [
      'an older client is fine',
      { clientVersion: '20.10.5', clientApiVersion: '1.40', serverVersion: '20.10.24', apiVersion: '1.41' },
      [],
    ],
    [
      'API 1.9 is older than 1.41',
      { clientVersion: '20.10.5', clientApiVersion: '1.41', apiVersion: '1.9' },
      [/speaks API 1.41/],
    ],
    ['vfs is slow', { clientVersion: '20.10.1', clientApiVersion: '1.41', storageDriver: 'vfs' }, [/vfs/]],
  ];
  for (const [name, change, expected] of rows) {
    it(`warns: ${name}`, () => {
      const warnings = factWarnings({ ...testbed, ...change });
      assert.equal(warnings.length, expected.length, warnings.join('\n'));
      expected.forEach((pattern, index) => assert.match(warnings[index] ?? '', pattern));
    });
  }

  it('tells a compiled compose v2 from the Python v1 script by its first bytes', () => {
    assert.equal(isCompiled(new Uint8Array([0x7f, 0x45, 0x4c, 0x46])), true);
    assert.equal(isCompiled(new TextEncoder().encode('#!/usr/bin/python3')), false);
    assert.equal(isCompiled(new Uint8Array([])), false);
  });
  it('tells the compose kinds apart', () => {
    assert.deepEqual(composeKind('v2.29.1', '1.29.2'), { kind: 'plugin', version: '2.29.1' });
    assert.deepEqual(composeKind(undefined, 'v2.29.1'), { kind: 'standalone', version: '2.29.1' });
    assert.deepEqual(composeKind(undefined, '1.29.2'), { kind: 'v1', version: '1.29.2' });
    assert.deepEqual(composeKind(undefined, undefined), { kind: 'none', version: '' });
  });
  const plugins: [string, Parameters<typeof composePlugin>[0], string | undefined][] = [
    [
      'listed with its version',
      { ClientInfo: { Plugins: [{ Name: 'compose', Version: 'v2.29.1' }] } },
      'v2.29.1',
    ],
    [
      'beside buildx',
      { ClientInfo: { Plugins: [{ Name: 'buildx' }, { Name: 'compose', Version: 'v2.1.0' }] } },
      'v2.1.0',
    ],
    [
      'broken (the client says why)',
      { ClientInfo: { Plugins: [{ Name: 'compose', Err: 'not executable' }] } },
      undefined,
    ],
    ['listed without a version', { ClientInfo: { Plugins: [{ Name: 'compose' }] } }, 'unknown'],
    ['no plugins', { ClientInfo: { Plugins: [] } }, undefined],
    ['a client without ClientInfo', {}, undefined],
  ];
  for (const [name, info, expected] of plugins)
    it(`the compose plugin from docker info: ${name}`, () => assert.equal(composePlugin(info), expected));

  const lists: [string, Parameters<typeof clientPlugins>[0], string[] | undefined][] = [
    [
      'those that load',
      { ClientInfo: { Plugins: [{ Name: 'buildx' }, { Name: 'x', Err: 'bad' }] } },
      ['buildx'],
    ],
    ['none (20.10 on Debian 12)', { ClientInfo: { Plugins: [], ClientErrors: null } }, []],
    [
      'an error while looking: cannot tell',
      { ClientInfo: { Plugins: [], ClientErrors: ['denied'] } },
      undefined,
    ],
    ['a client without ClientInfo: cannot tell', {}, undefined],
    ['no docker info: cannot tell', undefined, undefined],
  ];
  for (const [name, info, expected] of lists)
    it(`the client's plugins from docker info: ${name}`, () =>
      assert.deepEqual(clientPlugins(info), expected));
});

describe('free space', () => {
  const sizes: [string, number | undefined][] = [
    ['2GiB', 2 * 1024 ** 3],
    ['500MB', 500e6],
    ['1.5g', 1.5e9],
    ['0', 0],
    ['4096', 4096],
    ['10 KiB', 10240],
    ['two gigs', undefined],
    ['-1G', undefined],
    ['5PB', undefined],
  ];
  for (const [text, bytes] of sizes) it(`parses '${text}'`, () => assert.equal(parseSize(text), bytes));

  it('reads df -kP output', () => {
    const output =
      'Filesystem           1024-blocks    Used Available Capacity Mounted on\noverlay              264212084  23641808  82749104  22% /\n';
    assert.equal(parseDf(output), 82749104 * 1024);
    assert.equal(parseDf('df: /: No such file'), undefined);
  });
  const id = 'c0ffee'.padEnd(64, '0');
  const records: [string, string, string, string | undefined][] = [
    [
      'the data root and the id docker create printed',
      '/var/lib/docker',
      id,
      `/var/lib/docker/containers/${id}`,
    ],
    ['no data root (docker info did not answer)', '', id, undefined],
    ["a Windows daemon's data root", 'C:\\ProgramData\\docker', id, undefined],
    ['a short id', '/var/lib/docker', 'c0ffee', undefined],
    ['no id', '/var/lib/docker', '', undefined],
    ['a path in place of an id', '/var/lib/docker', '../../etc', undefined],
  ];
  for (const [name, rootDir, containerId, record] of records)
    it(`looks for the probe's record: ${name}`, () =>
      assert.equal(probeRecord(rootDir, containerId), record));

  const plans: [string, DiskFacts, DiskSource[]][] = [
    [
      "the probe's record is in the data root here: statfs, df only if statfs fails",
      { probeRecordSeen: true, containerdStore: false, hasDf: true },
      ['data root', 'probe'],
    ],
    [
      'the record is seen, the image has no df: statfs alone',
      { probeRecordSeen: true, containerdStore: false, hasDf: false },
      ['data root'],
    ],
    [
      'the record is not seen (socket bound into a container, remote daemon, VM, no access): df',
      { probeRecordSeen: false, containerdStore: false, hasDf: true },
      ['probe'],
    ],
    [
      'the containerd image store keeps layers outside the data root: df',
      { probeRecordSeen: true, containerdStore: true, hasDf: true },
      ['probe'],
    ],
    [
      'the containerd image store, no df: not read',
      { probeRecordSeen: true, containerdStore: true, hasDf: false },
      [],
    ],
    ['not seen, no df: not read', { probeRecordSeen: false, containerdStore: false, hasDf: false }, []],
  ];
  for (const [name, facts, sources] of plans)
    it(`reads free space: ${name}`, () => assert.deepEqual(planDiskReading(facts), sources));

  it('warns under the threshold only', () => {
    assert.match(
      diskWarning(1024 ** 3, 2 * 1024 ** 3) ?? '',
      /1.00 GiB free .* under min-free-space \(2.00 GiB\)/,
    );
    assert.equal(diskWarning(3 * 1024 ** 3, 2 * 1024 ** 3), undefined);
    assert.equal(diskWarning(null, 2 * 1024 ** 3), undefined);
  });
});

describe('noDaemonMessage', () => {
  const rows: [CiKind, RegExp][] = [
    ['act', /--container-daemon-socket/],
    ['gitlab', /docker:dind.*DOCKER_TLS_CERTDIR/],
    ['circleci', /setup_remote_docker/],
    ['github-container', /binds \/var\/run\/docker.sock/],
    ['github-hosted', /DOCKER_HOST/],
    ['github-self-hosted', /DOCKER_HOST/],
    ['other', /DOCKER_HOST/],
    ['local', /DOCKER_HOST/],
  ];
  for (const [kind, advice] of rows) {
    it(`advises ${kind}`, () => {
      const message = noDaemonMessage({ kind, vendor: 'V', detail: '' }, [], []);
      assert.match(
        message,
        /^No Docker daemon answers \(V\): DOCKER_HOST is unset, no docker context is current and no daemon socket exists\. /,
      );
      assert.match(message, advice);
    });
  }
  it('says when nothing could be tried', () =>
    assert.match(
      noDaemonMessage(
        { kind: 'local', vendor: 'none', detail: '' },
        [],
        ['DOCKER_HOST tcp://h:2376: no certificates'],
      ),
      /^No Docker daemon answers \(none\): nothing could be tried; not tried: DOCKER_HOST tcp:\/\/h:2376: no certificates\. /,
    ));
  it('lists what it tried and what it skipped', () => {
    const message = noDaemonMessage(
      { kind: 'gitlab', vendor: 'GitLab CI', detail: '' },
      [{ host: 'tcp://docker:2375', source: 'dind', why: 'no answer within 5 s' }],
      ['DOCKER_HOST tcp://h:2376: no certificates'],
    );
    assert.match(
      message,
      /tried tcp:\/\/docker:2375 \(dind\): no answer within 5 s; not tried: DOCKER_HOST tcp:\/\/h:2376: no certificates\./,
    );
  });
});
