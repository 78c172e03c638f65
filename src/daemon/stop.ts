// Post: takes the dedicated daemon down and removes everything it created: processes, mounts,
// NAT rules, bridges, sockets and the data root. Warns about what it could not remove.
import { existsSync, readFileSync } from 'node:fs';
import * as core from '@actions/core';
import type { DaemonState } from './start.js';
import { planRule } from './plan.js';
import { processesUsing, rootArgv, stopProcess } from './process.js';
import { run } from '../core/exec.js';
import { errorText } from '../core/errors.js';

/** Mount points under any of `dirs`, deepest first, from /proc/self/mountinfo. */
export function mountsUnder(mountinfo: string, dirs: readonly string[]): string[] {
  return mountinfo
    .split('\n')
    .map((line) => (line.split(' ')[4] ?? '').replace(/\\040/g, ' '))
    .filter((point) => dirs.some((dir) => point === dir || point.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
}

/** Bridges of the daemon's networks: its own, and `br-*` links with an address in its /16. */
export function bridgesOf(ipAddrOutput: string, bridge: string, net: string): string[] {
  const links = new Set<string>();
  for (const line of ipAddrOutput.split('\n')) {
    const [, name, , address] = line.split(/\s+/);
    if (!name) continue;
    if (name === bridge || (name.startsWith('br-') && address?.startsWith(`${net}.`))) links.add(name);
  }
  return [...links];
}

async function step(what: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    core.warning(`cleanup: ${what}: ${errorText(error)}`);
  }
}

async function root(argv: string[]): Promise<void> {
  await run(rootArgv(argv), { timeoutMs: 60_000 });
}

export async function stopDaemon(state: DaemonState): Promise<void> {
  const { layout } = state;
  const dirs = [layout.runDir, layout.dataDir];
  const log = `${layout.runDir}/dockerd.log`;
  if (existsSync(log))
    core.info(`dockerd log, last lines:\n${readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}`);

  await step('stop dockerd', async () => {
    if (state.pids.dockerd && !(await stopProcess(state.pids.dockerd, layout.runDir, 'dockerd', 20_000))) {
      throw new Error(`pid ${state.pids.dockerd} is still running`);
    }
  });
  await step('stop containerd', async () => {
    if (
      state.pids.containerd &&
      !(await stopProcess(state.pids.containerd, layout.runDir, 'containerd', 10_000))
    ) {
      throw new Error(`pid ${state.pids.containerd} is still running`);
    }
  });
  await step('stop leftover processes', async () => {
    for (const pid of processesUsing(layout.runDir))
      await stopProcess(pid, layout.runDir, `process ${pid}`, 2_000);
  });
  await step('unmount', async () => {
    for (const point of mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), dirs)) {
      const plain = await run(rootArgv(['umount', point]), { allowFailure: true, timeoutMs: 30_000 });
      if (plain.exitCode !== 0) await root(['umount', '-l', point]);
    }
  });
  for (const rule of state.rules) {
    await step(`remove ${rule.table} ${rule.chain} rule`, () => root(planRule('-D', rule)));
  }
  if (state.bridgeCreated) {
    await step('remove bridges', async () => {
      const links = await run(['ip', '-o', '-4', 'addr', 'show'], { timeoutMs: 10_000 });
      const own = await run(['ip', 'link', 'show', layout.bridge], { allowFailure: true, timeoutMs: 10_000 });
      const names = bridgesOf(links.stdout, layout.bridge, layout.net);
      if (own.exitCode === 0 && !names.includes(layout.bridge)) names.push(layout.bridge);
      for (const name of names) await root(['ip', 'link', 'delete', name]);
    });
  }
  for (const dir of dirs) await step(`remove ${dir}`, () => root(['rm', '-rf', '--one-file-system', dir]));
  core.info(`dedicated daemon ${layout.id} stopped and removed`);
}
