// Test: run the test command in the built image. The container is created, started attached and left
// in place for the artifacts; post removes it. Nothing depends on `--rm` or `exec`, which some daemons
// cannot do.
import { randomBytes } from 'node:crypto';
import { run } from './exec.js';
import type { KeyValue } from './multiline.js';

export interface TestRequest {
  image: string;
  command: string;
  env: readonly KeyValue[];
  name: string;
}

/** A name no other job on a shared daemon will use. */
export function containerName(role: string): string {
  return `berth-${role}-${randomBytes(5).toString('hex')}`;
}

export function planTestContainer(request: TestRequest): { argv: string[]; env: Record<string, string> } {
  const argv = [
    'docker',
    'create',
    '--name',
    request.name,
    '--label',
    'berth.role=test',
    '--entrypoint',
    '/bin/sh',
  ];
  const env: Record<string, string> = {};
  for (const { key, value } of request.env) {
    argv.push('--env', key);
    env[key] = value;
  }
  argv.push(request.image, '-c', request.command);
  return { argv, env };
}

/** Creates the test container; main records its name in the post state before calling this. */
export async function createTestContainer(request: TestRequest): Promise<void> {
  const plan = planTestContainer(request);
  await run(plan.argv, { env: plan.env });
}

/** Starts the container attached and returns the test command's exit code. */
export async function runTestContainer(name: string): Promise<number> {
  const result = await run(['docker', 'start', '--attach', name], {
    stream: true,
    untrustedOutput: true,
    allowFailure: true,
  });
  // a 0 is the command's own; anything else may be the client's, so the container's state says
  if (result.exitCode === 0) return 0;
  const state = await run(['docker', 'inspect', '--format', '{{.State.ExitCode}}', name], {
    allowFailure: true,
  });
  const exitCode = Number(state.stdout.trim());
  return state.exitCode === 0 && Number.isInteger(exitCode) ? exitCode : result.exitCode;
}
