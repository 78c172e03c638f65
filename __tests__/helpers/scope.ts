// What a scenario creates on the testbed engine (containers, networks, volumes), under one unique
// prefix, and removed explicitly at the end, also when a test failed: `--rm` is never relied on.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot, tempDir } from './action-runner.js';
import { dockerHost } from './testbed.js';

export interface DockerResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const TESTBED_ENV = (): NodeJS.ProcessEnv => ({ ...process.env, DOCKER_HOST: dockerHost() });

/** A docker command against the testbed engine, waiting for it; `input` goes to its stdin. */
export function dockerSync(args: string[], input?: Buffer | string, timeoutMs = 120_000): DockerResult {
  const result = spawnSync('docker', args, {
    env: TESTBED_ENV(),
    input,
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    exitCode: result.status ?? 1,
    stdout: result.stdout?.toString('utf8') ?? '',
    stderr: (result.stderr?.toString('utf8') ?? '') + (result.error ? String(result.error) : ''),
  };
}

/** Like dockerSync, but throws with the command's stderr when it fails. */
export function dockerOk(args: string[], input?: Buffer | string, timeoutMs?: number): string {
  const result = dockerSync(args, input, timeoutMs);
  if (result.exitCode !== 0) {
    throw new Error(
      `docker ${args.slice(0, 3).join(' ')} failed (${result.exitCode}): ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}

/** An image as `docker save` writes it, to load into another daemon. */
export function savedImage(image: string): Buffer {
  const result = spawnSync('docker', ['save', image], { env: TESTBED_ENV(), maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`docker save ${image} failed: ${result.stderr?.toString()}`);
  return result.stdout;
}

/** A long docker command (a step of the action) without blocking the test runner; never throws. */
export function dockerAsync(args: string[], timeoutMs: number): Promise<DockerResult & { log: string }> {
  return new Promise((resolve) => {
    const child = spawn('docker', args, { env: TESTBED_ENV(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      all.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      all.push(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString('utf8');
      resolve({ exitCode: code ?? 1, stdout: text(out), stderr: text(err), log: text(all) });
    });
  });
}

/** Polls `check` every 200 ms until it is true; throws `what` after `limitMs`. */
export async function waitFor(
  what: string,
  limitMs: number,
  check: () => boolean | Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (let attempt = 0; attempt < limitMs / 200 + 1; attempt++) {
    if (await check()) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: not within ${limitMs / 1000} s`);
}

/** The Debian image with the docker engine, CLI and registry, made once per testbed life. */
export function debianImage(): string {
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts', 'testbed.sh'), 'image', 'debian'], {
    env: process.env,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (result.status !== 0) throw new Error(`testbed.sh image debian failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** The capabilities that stand in for --privileged where the host lacks CAP_SYS_RESOURCE. */
export const PRIVILEGED_FALLBACK = [
  '--cap-add=ALL',
  '--cap-drop=SYS_RESOURCE',
  '--security-opt=seccomp=unconfined',
  '--security-opt=apparmor=unconfined',
  '--security-opt=systempaths=unconfined',
  '--device-cgroup-rule=a *:* rwm',
  '--tmpfs=/run',
  '--volume=/sys/fs/cgroup:/sys/fs/cgroup:rw',
];

export class Scope {
  readonly prefix = `berth-sc-${randomBytes(3).toString('hex')}`;
  private readonly containers: string[] = [];
  /** Daemons in containers, stopped with TERM first so they shut their own containers down. */
  private readonly daemons: string[] = [];
  private readonly networks: string[] = [];
  private readonly volumes: string[] = [];
  private readonly dirs: string[] = [];

  name(label: string): string {
    return `${this.prefix}-${label}`;
  }

  network(label: string): string {
    const name = this.name(label);
    this.networks.push(name);
    dockerOk(['network', 'create', name]);
    return name;
  }

  volume(label: string): string {
    const name = this.name(label);
    this.volumes.push(name);
    dockerOk(['volume', 'create', name]);
    return name;
  }

  /** A new host folder (certificates, copies out of a job), removed by cleanup. */
  tempDir(label: string): string {
    const dir = tempDir(`${this.prefix.replace(/^berth-/, '')}-${label}`);
    this.dirs.push(dir);
    return dir;
  }

  /** Containers made by others (berth's test containers) that cleanup removes if they are left. */
  adopt(names: string[]): void {
    this.containers.push(...names);
  }

  /** `docker run --detach --name <prefix-label> ...args`; the container is removed by cleanup. */
  run(label: string, args: string[]): string {
    const name = this.name(label);
    this.containers.push(name);
    dockerOk(['run', '--detach', '--name', name, ...args]);
    return name;
  }

  /**
   * A container that needs privileges (docker-in-docker): --privileged first, else the capability set
   * that works where --privileged cannot apply its caps.
   */
  runPrivileged(label: string, args: string[]): string {
    const name = this.name(label);
    this.containers.push(name);
    this.daemons.push(name);
    const first = dockerSync(['run', '--detach', '--name', name, '--privileged', ...args]);
    if (first.exitCode === 0) return name;
    dockerSync(['rm', '--force', name]);
    dockerOk(['run', '--detach', '--name', name, ...PRIVILEGED_FALLBACK, ...args]);
    return name;
  }

  /** Removes everything this scope created, newest first; says what it could not remove. */
  cleanup(): string[] {
    const left: string[] = [];
    const remove = (kind: string, names: string[], args: string[]): void => {
      for (const name of names.splice(0).reverse()) {
        const result = dockerSync([...args, name], undefined, 60_000);
        if (result.exitCode !== 0 && !/no such/i.test(result.stderr)) left.push(`${kind} ${name}`);
      }
    };
    for (const name of this.daemons.splice(0)) dockerSync(['stop', '--time', '10', name], undefined, 30_000);
    remove('container', this.containers, ['rm', '--force', '--volumes']);
    remove('network', this.networks, ['network', 'rm']);
    remove('volume', this.volumes, ['volume', 'rm', '--force']);
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    return left;
  }
}
