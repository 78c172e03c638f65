// Starts the dedicated daemon: its own containerd, bridge, NAT rules, data root and sockets, then
// dockerd; waits until it answers and exports DOCKER_HOST (and the TLS variables) to later steps.
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import {
  chooseDataParent,
  chooseNet,
  planBridgeUp,
  planContainerdConfig,
  planDaemonConfig,
  planFirewall,
  planLayout,
  planRule,
  type DaemonLayout,
  type FirewallRule,
} from './plan.js';
import { alive, rootArgv, startDetached } from './process.js';
import { makeCertificates } from './tls.js';
import { run } from '../core/exec.js';
import { pause } from '../core/retry.js';
import { handoff } from '../core/report.js';

/** What post needs to take the daemon down; saved as each piece is created. */
export interface DaemonState {
  layout: DaemonLayout;
  pids: { containerd?: number; dockerd?: number };
  bridgeCreated: boolean;
  rules: FirewallRule[];
}

export interface DaemonRequest {
  /** Folder holding dockerd, containerd, runc ...; empty: take them from PATH. */
  binDir: string;
  dockerMajor: number;
  config: Record<string, unknown>;
  tls: boolean;
  /** Called whenever the state grows, so a failure halfway still leaves post the full list. */
  save: (state: DaemonState) => void;
}

const START_TIMEOUT_MS = 60_000;

/** RUNNER_TEMP, the temp dir and /mnt (the large scratch disk of hosted runners), by free space. */
function dataParent(): string {
  const candidates = [process.env.RUNNER_TEMP, tmpdir(), '/mnt'].flatMap((folder) => {
    if (!folder || !existsSync(folder)) return [];
    try {
      accessSync(folder, constants.W_OK);
      const stats = statfsSync(folder);
      return [{ path: folder, free: stats.bavail * stats.bsize }];
    } catch {
      return [];
    }
  });
  return chooseDataParent(candidates);
}

async function addressesInUse(): Promise<string[]> {
  const addresses = await run(['ip', '-o', '-4', 'addr', 'show'], { timeoutMs: 10_000 });
  const routes = await run(['ip', '-4', 'route', 'show'], { timeoutMs: 10_000 });
  return [
    ...[...addresses.stdout.matchAll(/\sinet\s+(\S+)/g)].map((match) => match[1] ?? ''),
    ...routes.stdout.split('\n').map((line) => line.split(' ')[0] ?? ''),
  ].filter((cidr) => /^\d/.test(cidr));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function socketAnswers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = createConnection(socket);
    connection.on('connect', () => {
      connection.end();
      resolve(true);
    });
    connection.on('error', () => resolve(false));
  });
}

async function dockerAnswers(socket: string): Promise<boolean> {
  const result = await run(['docker', 'version', '--format', '{{.Server.Version}}'], {
    env: { DOCKER_HOST: `unix://${socket}`, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '', DOCKER_CONTEXT: '' },
    allowFailure: true,
    timeoutMs: 10_000,
  });
  return result.exitCode === 0 && result.stdout.trim() !== '';
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `ready` every 250 ms until it holds, the process dies or the time runs out; then shows the log. */
async function waitUntil(
  name: string,
  pid: number,
  log: string,
  ready: () => Promise<boolean>,
): Promise<void> {
  const started = Date.now();
  while (!(await ready())) {
    const gone = !alive(pid);
    if (gone || Date.now() - started > START_TIMEOUT_MS) {
      core.info(`${name} log (${log}), last lines:\n${tail(log, 40)}`);
      const why = gone ? 'exited' : `did not answer within ${START_TIMEOUT_MS / 1000} s`;
      throw new Error(`daemon: ${name} ${why}: ${tail(log, 1)}`);
    }
    await pause(250);
  }
  core.info(`${name} answers after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const binary = (binDir: string, name: string): string => (binDir ? path.join(binDir, name) : name);

export async function startDaemon(request: DaemonRequest): Promise<DaemonState> {
  const id = randomBytes(4).toString('hex');
  const layout = planLayout(id, tmpdir(), dataParent(), chooseNet(await addressesInUse()));
  const state: DaemonState = { layout, pids: {}, bridgeCreated: false, rules: [] };
  request.save(state);
  mkdirSync(layout.runDir, { recursive: true, mode: 0o711 });
  mkdirSync(layout.dataDir, { recursive: true, mode: 0o711 });
  core.info(`dedicated daemon: run dir ${layout.runDir}, data root ${layout.dataDir}, ${layout.net}.0.0/16`);

  const certificates = request.tls ? await makeCertificates(path.join(layout.runDir, 'tls')) : undefined;
  const tls = certificates && { port: await freePort(), ...certificates.server };
  const config = planDaemonConfig(layout, request.config, tls, request.dockerMajor);
  writeFileSync(path.join(layout.runDir, 'daemon.json'), JSON.stringify(config, null, 2));
  writeFileSync(path.join(layout.runDir, 'containerd.toml'), planContainerdConfig(layout));

  state.bridgeCreated = true;
  request.save(state);
  for (const argv of planBridgeUp(layout)) await run(rootArgv(argv), { timeoutMs: 10_000 });
  if ((await run(['iptables', '--version'], { allowFailure: true, timeoutMs: 10_000 })).exitCode === 0) {
    for (const rule of planFirewall(layout, config)) {
      state.rules.push(rule);
      request.save(state);
      await run(rootArgv(planRule('-I', rule)), { timeoutMs: 10_000 });
    }
  }

  /** Starts one of the daemon's processes, records its pid at once, and waits until it answers. */
  const start = async (
    name: 'containerd' | 'dockerd',
    flag: string,
    config: string,
    answers: () => Promise<boolean>,
  ) => {
    const log = path.join(layout.runDir, `${name}.log`);
    const pid = startDetached([binary(request.binDir, name), flag, path.join(layout.runDir, config)], log);
    state.pids[name] = pid;
    request.save(state);
    await waitUntil(name, pid, log, answers);
  };
  await start('containerd', '--config', 'containerd.toml', () => socketAnswers(layout.containerdSocket));
  await start('dockerd', '--config-file', 'daemon.json', () => dockerAnswers(layout.socket));

  handoff.exportVariable('DOCKER_HOST', tls ? `tcp://127.0.0.1:${tls.port}` : `unix://${layout.socket}`);
  // Without TLS, empty values keep TLS settings meant for another daemon from reaching this one.
  handoff.exportVariable('DOCKER_TLS_VERIFY', certificates ? '1' : '');
  handoff.exportVariable('DOCKER_CERT_PATH', certificates ? certificates.clientDir : '');
  return state;
}
