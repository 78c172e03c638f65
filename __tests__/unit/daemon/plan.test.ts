import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseDataParent,
  chooseNet,
  deepMerge,
  planBridgeUp,
  planContainerdConfig,
  planDaemonConfig,
  planFirewall,
  planLayout,
  planRule,
} from '../../../src/daemon/plan.js';
import { asRoot } from '../../../src/daemon/process.js';
import { bridgesOf, mountsUnder } from '../../../src/daemon/stop.js';
import { planTls } from '../../../src/daemon/tls.js';

const layout = planLayout('0badcafe', '/tmp', '/mnt', '10.101');

describe('dedicated daemon plan', () => {
  it('keeps sockets on a short path and the data root on the roomiest disk', () => {
    assert.deepEqual(layout, {
      id: '0badcafe',
      runDir: '/tmp/berth-0badcafe',
      dataDir: '/mnt/berth-0badcafe-data',
      socket: '/tmp/berth-0badcafe/docker.sock',
      containerdSocket: '/tmp/berth-0badcafe/containerd.sock',
      bridge: 'berth-0badcafe',
      net: '10.101',
    });
    assert.ok(layout.bridge.length <= 15, 'a Linux interface name has at most 15 characters');
    const disks = [
      { path: '/home/runner/_temp', free: 20e9 },
      { path: '/tmp', free: 20e9 },
      { path: '/mnt', free: 70e9 },
    ];
    assert.equal(chooseDataParent(disks), '/mnt');
    assert.equal(chooseDataParent(disks.slice(0, 2)), '/home/runner/_temp');
    assert.throws(() => chooseDataParent([]), { message: /^daemon: no folder/ });
  });

  const nets: [string[], string][] = [
    [['127.0.0.1/8', '172.17.0.1/16', '10.1.0.4/24'], '10.100'],
    [['10.100.255.1/24', '10.101.0.0/17'], '10.102'],
    [['10.96.0.0/12'], '10.112'],
  ];
  for (const [inUse, expected] of nets) {
    it(`takes ${expected}.0.0/16 when ${inUse.join(', ')} are in use`, () =>
      assert.equal(chooseNet(inUse), expected));
  }
  it('says so when every candidate is taken', () =>
    assert.throws(() => chooseNet(['10.0.0.0/8']), {
      message: /^daemon: every 10\.100-10\.199 \/16 is in use/,
    }));

  it('merges daemon-config at every depth and keeps berth its own keys', () => {
    assert.deepEqual(deepMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2], e: 3 } }), {
      a: { b: 1, c: [2], e: 3 },
      d: 1,
    });
    const config = planDaemonConfig(layout, { features: { buildkit: true }, iptables: true }, undefined, 28);
    assert.deepEqual(config, {
      'data-root': '/mnt/berth-0badcafe-data/docker',
      'exec-root': '/tmp/berth-0badcafe/exec',
      pidfile: '/tmp/berth-0badcafe/dockerd.pid',
      hosts: ['unix:///tmp/berth-0badcafe/docker.sock'],
      containerd: '/tmp/berth-0badcafe/containerd.sock',
      bridge: 'berth-0badcafe',
      'default-address-pools': [{ base: '10.101.0.0/17', size: 24 }],
      iptables: true,
      'shutdown-timeout': 5,
      features: { buildkit: true },
    });
    assert.throws(() => planDaemonConfig(layout, { 'data-root': '/x' }, undefined, 28), {
      message: "daemon-config: 'data-root' is set by berth for the dedicated daemon; leave it out",
    });
  });

  it('adds the TLS listener, and the trust key path only for engines before 23.0', () => {
    const tls = { port: 41234, ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' };
    const config = planDaemonConfig(layout, {}, tls, 20);
    assert.deepEqual(config.hosts, ['unix:///tmp/berth-0badcafe/docker.sock', 'tcp://127.0.0.1:41234']);
    assert.equal(config.tlsverify, true);
    assert.equal(config['deprecated-key-path'], '/tmp/berth-0badcafe/key.json');
    assert.equal(planDaemonConfig(layout, {}, tls, 27)['deprecated-key-path'], undefined);
    // with iptables off, dockerd 27+ would still write ip6tables rules of its own
    assert.equal(planDaemonConfig(layout, {}, tls, 28).ip6tables, false);
    assert.equal(planDaemonConfig(layout, { ip6tables: true, iptables: true }, tls, 28).ip6tables, true);
  });

  it('gives containerd its own socket, state and root', () => {
    const toml = planContainerdConfig(layout);
    assert.match(toml, /address = "\/tmp\/berth-0badcafe\/containerd\.sock"/);
    assert.match(toml, /root = "\/mnt\/berth-0badcafe-data\/containerd\/root"/);
    assert.match(toml, /disabled_plugins = \["io\.containerd\.grpc\.v1\.cri"\]/);
  });

  it('plans its bridge and, with iptables off, NAT for its own /16 only', () => {
    assert.deepEqual(planBridgeUp(layout), [
      ['ip', 'link', 'add', 'berth-0badcafe', 'type', 'bridge'],
      ['ip', 'addr', 'add', '10.101.255.1/24', 'dev', 'berth-0badcafe'],
      ['ip', 'link', 'set', 'berth-0badcafe', 'up'],
    ]);
    const rules = planFirewall(layout, { iptables: false });
    assert.deepEqual(planRule('-I', rules[0] ?? { table: '', chain: '', spec: [] }), [
      'iptables',
      '-t',
      'nat',
      '-I',
      'POSTROUTING',
      '-s',
      '10.101.0.0/16',
      '!',
      '-d',
      '10.101.0.0/16',
      '-m',
      'comment',
      '--comment',
      'berth-0badcafe',
      '-j',
      'MASQUERADE',
    ]);
    assert.equal(rules.length, 3);
    assert.deepEqual(planFirewall(layout, { iptables: true }), []);
  });

  it('runs privileged commands directly as root, through sudo -n otherwise', () => {
    assert.deepEqual(asRoot(['ip', 'link'], 0, '/bin'), ['ip', 'link']);
    assert.deepEqual(asRoot(['ip', 'link'], 1001, '/opt/docker:/bin'), [
      'sudo',
      '-n',
      'env',
      'PATH=/opt/docker:/bin',
      'ip',
      'link',
    ]);
  });

  it('makes a CA, a server certificate for 127.0.0.1 and a client certificate with openssl', () => {
    const plan = planTls('/run/x/tls');
    assert.equal(plan.commands.length, 5);
    assert.ok(plan.commands.every((argv) => argv[0] === 'openssl'));
    assert.match(
      plan.files['/run/x/tls/server/ext.cnf'] ?? '',
      /subjectAltName=IP:127\.0\.0\.1,DNS:localhost/,
    );
    assert.match(plan.files['/run/x/tls/client/ext.cnf'] ?? '', /extendedKeyUsage=clientAuth/);
    assert.equal(plan.clientDir, '/run/x/tls/client');
    assert.deepEqual(plan.server, {
      ca: '/run/x/tls/ca/ca.pem',
      cert: '/run/x/tls/server/cert.pem',
      key: '/run/x/tls/server/key.pem',
    });
  });
});

describe('dedicated daemon teardown', () => {
  it('finds its mounts, longest path (so every child before its parent) first, and only its own', () => {
    const mountinfo = [
      '22 1 254:0 / / rw - ext4 /dev/vda rw',
      '90 22 0:50 / /mnt/berth-0badcafe-data/docker/overlay2/abc/merged rw - overlay overlay rw',
      '91 22 0:51 / /tmp/berth-0badcafe/exec/netns/x rw - nsfs nsfs rw',
      '92 22 0:52 / /tmp/berth-0badcafe-other/y rw - tmpfs tmpfs rw',
      '93 22 0:53 / /mnt/berth-0badcafe-data/docker rw - ext4 /dev/vdb rw',
    ].join('\n');
    assert.deepEqual(mountsUnder(mountinfo, [layout.runDir, layout.dataDir]), [
      '/mnt/berth-0badcafe-data/docker/overlay2/abc/merged',
      '/tmp/berth-0badcafe/exec/netns/x',
      '/mnt/berth-0badcafe-data/docker',
    ]);
  });

  it('finds its bridges: its own and the br-* of networks in its /16', () => {
    const ipAddr = [
      '1: lo    inet 127.0.0.1/8 scope host lo',
      '5: berth-0badcafe    inet 10.101.255.1/24 scope global berth-0badcafe',
      '6: br-1a2b3c    inet 10.101.0.1/24 scope global br-1a2b3c',
      '7: br-ffffff    inet 10.250.0.1/24 scope global br-ffffff',
      '8: docker0    inet 172.17.0.1/16 scope global docker0',
    ].join('\n');
    assert.deepEqual(bridgesOf(ipAddr, 'berth-0badcafe', '10.101'), ['berth-0badcafe', 'br-1a2b3c']);
  });
});
