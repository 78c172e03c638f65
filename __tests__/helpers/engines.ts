// The engines the testbed runs (scripts/testbed.sh), as rows of a test matrix: what users run today
// (engine 28 with containerd 2, the 28.x CLI with buildx and compose v2, on both image stores) and
// Debian 12's 20.10 with its own client, with the legacy builder and with BuildKit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe } from 'node:test';
import type { Builder } from '../../src/detect/builder.js';
import { tempDir } from './action-runner.js';

export interface Engine {
  /** How a test names the row. */
  name: string;
  /** The builder berth picks there. */
  builder: Builder;
  /** The variables of a job on this engine: its endpoint, client, CLI config and builder switch. */
  env(): Record<string, string>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with 'npm test', which starts the testbed`);
  return value;
}

/** Debian's 20.10 client first on PATH, and a CLI config without plugins, as on Debian 12. */
function oldClient(): Record<string, string> {
  const dir = tempDir('old-client');
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'config'));
  symlinkSync(required('BERTH_TESTBED_OLD_CLI'), path.join(dir, 'bin', 'docker'));
  return {
    DOCKER_HOST: required('BERTH_TESTBED_HOST_OLD'),
    PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    DOCKER_CONFIG: path.join(dir, 'config'),
  };
}

export const MODERN: Engine = {
  name: 'engine 28, classic store',
  builder: 'buildkit',
  env: () => ({ DOCKER_HOST: required('DOCKER_HOST') }),
};

export const MODERN_CONTAINERD: Engine = {
  name: 'engine 28, containerd store',
  builder: 'buildx',
  env: () => ({ DOCKER_HOST: required('BERTH_TESTBED_HOST_CONTAINERD') }),
};

export const OLD_LEGACY: Engine = {
  name: 'engine 20.10, legacy builder',
  builder: 'legacy',
  env: () => ({ ...oldClient(), DOCKER_BUILDKIT: '0' }),
};

export const OLD_BUILDKIT: Engine = {
  name: 'engine 20.10, BuildKit',
  builder: 'buildkit',
  env: () => ({ ...oldClient(), DOCKER_BUILDKIT: '1' }),
};

/** The matrix the scenarios that build run on. */
export const ENGINES: readonly Engine[] = [MODERN, MODERN_CONTAINERD, OLD_LEGACY, OLD_BUILDKIT];

/**
 * Registers `scenarios` for every row of the matrix, each row in a suite of its own, the suites side by
 * side; the two 20.10 rows share one engine, so they are one suite, one row after the other.
 */
export function onEveryEngine(scenarios: (engine: Engine) => void): void {
  for (const engine of ENGINES.filter((row) => row !== OLD_BUILDKIT)) {
    if (engine === OLD_LEGACY) {
      describe('engine 20.10', () => {
        scenarios(OLD_LEGACY);
        scenarios(OLD_BUILDKIT);
      });
    } else {
      describe(engine.name, () => scenarios(engine));
    }
  }
}

/** A docker command with a job's variables; returns stdout, throws on failure. */
export function dockerWith(env: Record<string, string>, ...args: string[]): string {
  return execFileSync('docker', args, { env: { ...process.env, ...env }, encoding: 'utf8' });
}
