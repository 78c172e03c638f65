// Test: run the test command in the built image. The container is run attached without `--rm` and kept
// until the artifacts are copied out; main then removes it, and post removes it if the daemon refused.
// Nothing depends on `--rm` or `exec`, which some daemons cannot do. A test that runs past its timeout,
// or a run that is cancelled, stops the container (TERM, then KILL after a grace period): what the
// tests wrote so far stays in it, for the artifacts phase to copy out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { cancelled } from '../core/cancel.js';
import { describeFailure, run } from '../core/exec.js';
import type { KeyValue } from '../core/input-values.js';

export interface TestRequest {
  image: string;
  command: string;
  env: readonly KeyValue[];
  name: string;
  /** Stop the tests after this long; 0: no limit. */
  timeoutMs: number;
  /** The compose project's networks, where the services' names resolve; the first given at run. */
  networks?: readonly string[];
}

/**
 * Seconds between the TERM and the KILL of a test container that is stopped: after its timeout, and
 * when the run is cancelled (a runner gives a cancelled step about 7.5 s before it kills it, and the
 * reports must still be copied out in that time).
 */
export const STOP_GRACE_SECONDS = { 'timed out': 10, cancelled: 2 } as const;

/**
 * The test container's `docker run`. Its environment goes in a file of its own (`--env-file`), never
 * in the docker client's environment: `test-env` cannot change which daemon, binary or config the
 * client uses, and no value is in argv.
 */
export function planTestContainer(request: TestRequest, envFile: string): string[] {
  const argv = ['docker', 'run', '--name', request.name, '--label', 'berth.role=test'];
  if (request.networks?.[0]) argv.push('--network', request.networks[0]);
  if (request.env.length > 0) argv.push('--env-file', envFile);
  argv.push('--entrypoint', '/bin/sh', request.image, '-c', request.command);
  return argv;
}

/** `docker stop`: TERM, then KILL after the grace period. */
export function planStop(name: string, graceSeconds: number): string[] {
  return ['docker', 'stop', '--time', String(graceSeconds), name];
}

/** The env file's lines; a value with a line break cannot go in one, and is refused by inputs.ts. */
export function envFileText(env: readonly KeyValue[]): string {
  return env.map(({ key, value }) => `${key}=${value}\n`).join('');
}

/** How the tests ended: their exit code, and why they were stopped if they were. */
export interface TestEnd {
  exitCode: number;
  stopped?: 'timed out' | 'cancelled';
}

/**
 * Runs the test container attached (one client call: create, start, attach, wait) and returns the test
 * command's exit code. Main records the name in the post state before calling this.
 */
export async function runTestContainer(request: TestRequest): Promise<TestEnd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-test-'));
  const envFile = path.join(dir, 'env');
  writeFileSync(envFile, envFileText(request.env), { mode: 0o600 });
  const argv = await joinedNetworks(planTestContainer(request, envFile), request).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  core.info(`test: container ${request.name}`);
  let stopped: TestEnd['stopped'];
  const stop = (why: NonNullable<TestEnd['stopped']>): void => {
    if (stopped) return;
    stopped = why;
    // the attached client returns once the container has stopped
    const grace = STOP_GRACE_SECONDS[why];
    run(planStop(request.name, grace), { allowFailure: true, timeoutMs: (grace + 30) * 1000 }).catch(
      () => undefined,
    );
  };
  const timer = request.timeoutMs > 0 ? setTimeout(() => stop('timed out'), request.timeoutMs) : undefined;
  const onCancel = (): void => stop('cancelled');
  cancelled.addEventListener('abort', onCancel, { once: true });
  if (cancelled.aborted) onCancel();
  let result;
  try {
    result = await run(argv, { stream: true, untrustedOutput: true, allowFailure: true });
  } finally {
    clearTimeout(timer);
    cancelled.removeEventListener('abort', onCancel);
    rmSync(dir, { recursive: true, force: true });
  }
  const exitCode = await exitCodeOf(request.name, argv, result);
  return stopped ? { exitCode, stopped } : { exitCode };
}

/**
 * `docker run` joins one network (engines before 25 take one `--network`): a container that joins
 * several is created, connected to the others, and started attached.
 */
async function joinedNetworks(argv: string[], request: TestRequest): Promise<string[]> {
  const others = request.networks?.slice(1) ?? [];
  if (others.length === 0) return argv;
  await run(['docker', 'create', ...argv.slice(2)]);
  for (const network of others) await run(['docker', 'network', 'connect', network, request.name]);
  return ['docker', 'start', '--attach', request.name];
}

async function exitCodeOf(
  name: string,
  argv: readonly string[],
  result: Awaited<ReturnType<typeof run>>,
): Promise<number> {
  // a 0 is the command's own; anything else may be the client's (125: no container), so the
  // container's state says
  if (result.exitCode === 0) return 0;
  // only a container that ran and exited has the command's own code; one left `created` has a 0
  const state = await run(['docker', 'inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name], {
    allowFailure: true,
  });
  const [status, code] = state.stdout.trim().split(' ');
  const exitCode = Number(code);
  if (state.exitCode === 0 && status === 'exited' && Number.isInteger(exitCode)) return exitCode;
  throw new Error(describeFailure(argv, result));
}
