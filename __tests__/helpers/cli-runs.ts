// berth's CLI as people get it: a fresh clone of the repository, the package packed as npm would
// publish it, and a project of their own (the sample app in a git repository) that installs it. Each run
// is a process of its own, with the environment given and nothing else.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot, tempDir } from './action-runner.js';

export const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

export interface CliRun {
  exitCode: number;
  /** stdout and stderr, interleaved as they came. */
  log: string;
}

/** Runs a command to its end (at most `timeoutMs`), with exactly `env`. */
export function runCommand(
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = argv;
    const child = spawn(program as string, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 300_000,
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ exitCode: code ?? (signal ? 128 : 1), log: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=berth', '-c', 'user.email=berth@example.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/** A clone of this repository at its HEAD commit, in a new folder: what a person gets with git clone. */
export function freshClone(): string {
  const dir = path.join(tempDir('clone'), 'berth');
  execFileSync('git', ['clone', '--quiet', '--no-checkout', repoRoot, dir]);
  git(dir, 'checkout', '--quiet', git(repoRoot, 'rev-parse', 'HEAD'));
  return dir;
}

/** berth packed as npm would publish it (package.json's files); returns the tarball's path. */
export function packBerth(): string {
  const dir = tempDir('pack');
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: repoRoot, stdio: 'ignore' });
  const [tarball] = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  return path.join(dir, tarball);
}

/**
 * A project of a person's own: the sample app in a git repository on branch main, one commit, with
 * berth installed from `tarball` as a dev dependency (from the tarball alone: berth's package has no
 * dependencies to fetch, its bundle holds them). Returns the folder and the commit.
 */
export function projectWithBerth(tarball: string): { dir: string; sha: string } {
  const dir = path.join(tempDir('project'), 'app');
  cpSync(sampleApp, dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "app", "private": true }\n');
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\nberth-artifacts/\n');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', tarball], {
    cwd: dir,
    stdio: 'ignore',
  });
  git(dir, 'init', '--quiet', '--initial-branch', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '--message', 'app');
  return { dir, sha: git(dir, 'rev-parse', 'HEAD') };
}
