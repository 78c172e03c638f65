// The dedicated daemon, planned: where its files go, which addresses it takes, its daemon.json and
// containerd config, and the commands that set up and take down its bridge and NAT rules.
import * as path from 'node:path';

export interface DaemonLayout {
  id: string;
  /** Sockets, pidfiles, logs, configs, certificates: short paths (unix sockets are limited to 108 bytes). */
  runDir: string;
  /** Images, containers, build cache: on the disk with the most free space. */
  dataDir: string;
  socket: string;
  containerdSocket: string;
  bridge: string;
  /** First two octets of the /16 it owns: bridge at .255.1/24, networks from .0.0/17. */
  net: string;
}

export function planLayout(id: string, runParent: string, dataParent: string, net: string): DaemonLayout {
  const runDir = path.join(runParent, `berth-${id}`);
  return {
    id,
    runDir,
    dataDir: path.join(dataParent, `berth-${id}-data`),
    socket: path.join(runDir, 'docker.sock'),
    containerdSocket: path.join(runDir, 'containerd.sock'),
    bridge: `berth-${id}`,
    net,
  };
}

/** The candidate folder with the most free bytes; the first one on a tie. */
export function chooseDataParent(candidates: readonly { path: string; free: number }[]): string {
  const best = candidates.reduce<{ path: string; free: number } | undefined>(
    (chosen, candidate) => (!chosen || candidate.free > chosen.free ? candidate : chosen),
    undefined,
  );
  if (!best) throw new Error('daemon: no folder to put the data root in');
  return best.path;
}

function range(cidr: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(cidr);
  if (!match) return undefined;
  const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const bits = match[5] === undefined ? 32 : Number(match[5]);
  const start = (((a << 24) >>> 0) + (b << 16) + (c << 8) + d) >>> 0;
  const size = 2 ** (32 - bits);
  const base = start - (start % size);
  return [base, base + size - 1];
}

/** The first `10.N` /16 (N from 100 to 199) that overlaps no address or route in use. */
export function chooseNet(inUse: readonly string[]): string {
  const used = inUse.flatMap((cidr) => {
    const found = range(cidr);
    return found ? [found] : [];
  });
  for (let second = 100; second < 200; second++) {
    const [start, end] = range(`10.${second}.0.0/16`) as [number, number];
    if (!used.some(([from, to]) => from <= end && to >= start)) return `10.${second}`;
  }
  throw new Error('daemon: every 10.100-10.199 /16 is in use; set bridge addresses in daemon-config');
}

/** Keys berth sets for its own bookkeeping; daemon-config may not change them. */
const OWNED = ['data-root', 'exec-root', 'pidfile', 'hosts', 'containerd', 'bridge', 'bip'];
const OWNED_TLS = ['tls', 'tlsverify', 'tlscacert', 'tlscert', 'tlskey'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key, at every depth; arrays and scalars from `over` replace. */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

export interface TlsFiles {
  port: number;
  ca: string;
  cert: string;
  key: string;
}

export function planDaemonConfig(
  layout: DaemonLayout,
  userConfig: Record<string, unknown>,
  tls: TlsFiles | undefined,
  dockerMajor: number,
): Record<string, unknown> {
  for (const key of [...OWNED, ...OWNED_TLS]) {
    if (key in userConfig) {
      throw new Error(`daemon-config: '${key}' is set by berth for the dedicated daemon; leave it out`);
    }
  }
  const base: Record<string, unknown> = {
    'data-root': path.join(layout.dataDir, 'docker'),
    'exec-root': path.join(layout.runDir, 'exec'),
    pidfile: path.join(layout.runDir, 'dockerd.pid'),
    hosts: [`unix://${layout.socket}`, ...(tls ? [`tcp://127.0.0.1:${tls.port}`] : [])],
    containerd: layout.containerdSocket,
    bridge: layout.bridge,
    'default-address-pools': [{ base: `${layout.net}.0.0/17`, size: 24 }],
    iptables: false,
    'shutdown-timeout': 5,
    // Before 23.0 dockerd writes a trust key to /etc/docker unless told otherwise.
    ...(dockerMajor > 0 && dockerMajor < 23
      ? { 'deprecated-key-path': path.join(layout.runDir, 'key.json') }
      : {}),
    ...(tls ? { tlsverify: true, tlscacert: tls.ca, tlscert: tls.cert, tlskey: tls.key } : {}),
  };
  const merged = deepMerge(base, userConfig);
  // dockerd 27 and later write ip6tables rules by default, even with iptables off (known since 20.10)
  if (merged.iptables === false && !('ip6tables' in userConfig) && dockerMajor >= 20)
    merged.ip6tables = false;
  return merged;
}

/** A containerd of its own: dockerd would otherwise adopt a system containerd's socket if there is one. */
export function planContainerdConfig(layout: DaemonLayout): string {
  const data = path.join(layout.dataDir, 'containerd');
  return [
    'version = 2',
    `root = "${data}/root"`,
    `state = "${layout.runDir}/containerd"`,
    'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
    '[grpc]',
    `  address = "${layout.containerdSocket}"`,
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = "${data}/opt"`,
    '',
  ].join('\n');
}

export function planBridgeUp(layout: DaemonLayout): string[][] {
  return [
    ['ip', 'link', 'add', layout.bridge, 'type', 'bridge'],
    ['ip', 'addr', 'add', `${layout.net}.255.1/24`, 'dev', layout.bridge],
    ['ip', 'link', 'set', layout.bridge, 'up'],
  ];
}

export interface FirewallRule {
  table: string;
  chain: string;
  spec: string[];
}

/**
 * With `iptables: false` dockerd leaves the firewall alone (one that manages it rewrites the DOCKER
 * chains another daemon relies on), so berth adds NAT and forwarding for the daemon's own /16.
 */
export function planFirewall(layout: DaemonLayout, config: Record<string, unknown>): FirewallRule[] {
  if (config.iptables !== false) return [];
  const own = `${layout.net}.0.0/16`;
  const tag = ['-m', 'comment', '--comment', `berth-${layout.id}`];
  return [
    { table: 'nat', chain: 'POSTROUTING', spec: ['-s', own, '!', '-d', own, ...tag, '-j', 'MASQUERADE'] },
    { table: 'filter', chain: 'FORWARD', spec: ['-s', own, ...tag, '-j', 'ACCEPT'] },
    {
      table: 'filter',
      chain: 'FORWARD',
      spec: ['-d', own, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', ...tag, '-j', 'ACCEPT'],
    },
  ];
}

export function planRule(action: '-I' | '-D', rule: FirewallRule): string[] {
  return ['iptables', '-t', rule.table, action, rule.chain, ...rule.spec];
}
