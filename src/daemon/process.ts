// Long-running processes the dedicated daemon needs (containerd, dockerd): started detached with
// their output in a log file, so the step can end while they run; found again and stopped by pid.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { run } from '../core/exec.js';
import { pause } from '../core/retry.js';

/** Runs as root already, or through `sudo -n` (keeping PATH, which sudo would reset). */
export function asRoot(argv: readonly string[], uid: number, pathValue: string): string[] {
  return uid === 0 ? [...argv] : ['sudo', '-n', 'env', `PATH=${pathValue}`, ...argv];
}

export function rootArgv(argv: readonly string[]): string[] {
  return asRoot(argv, process.getuid?.() ?? 0, process.env.PATH ?? '');
}

/** Starts `argv` in a session of its own, stdout and stderr to `logFile`; returns its pid. */
export function startDetached(argv: readonly string[], logFile: string): number {
  const [command, ...args] = rootArgv(argv);
  if (!command) throw new Error('startDetached: empty command');
  core.debug(`start: ${argv.join(' ')}`);
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** The process exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Live processes whose command line names `dir`: berth's daemons and the shims they started. */
export function processesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => pid !== process.pid && cmdline(pid).includes(`${dir}/`) && alive(pid));
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await pause(200)) {
    if (!alive(pid)) return true;
  }
  return !alive(pid);
}

async function signal(pid: number, name: 'TERM' | 'KILL'): Promise<void> {
  await run(rootArgv(['kill', `-${name}`, String(pid)]), { allowFailure: true, timeoutMs: 10_000 });
}

/**
 * TERM, wait, KILL: only when the pid still belongs to a process that names `dir` (a pid can be
 * reused). Returns false when it would not go.
 */
export async function stopProcess(pid: number, dir: string, name: string, graceMs: number): Promise<boolean> {
  if (!alive(pid) || !cmdline(pid).includes(`${dir}/`)) return true;
  core.info(`stopping ${name} (pid ${pid})`);
  await signal(pid, 'TERM');
  if (await waitGone(pid, graceMs)) return true;
  core.warning(`cleanup: ${name} (pid ${pid}) ignored TERM for ${graceMs / 1000} s; killing it`);
  await signal(pid, 'KILL');
  return waitGone(pid, 5_000);
}
