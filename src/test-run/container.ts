// Test: run the test command in the built image. The container is run attached without `--rm` and kept
// until the artifacts are copied out; main then removes it, and post removes it if the daemon refused.
// Nothing depends on `--rm` or `exec`, which some daemons cannot do.
import * as core from '@actions/core';
import { describeFailure, run } from '../core/exec.js';
import type { KeyValue } from '../core/input-values.js';

export interface TestRequest {
  image: string;
  command: string;
  env: readonly KeyValue[];
  name: string;
}

export function planTestContainer(request: TestRequest): { argv: string[]; env: Record<string, string> } {
  const argv = [
    'docker',
    'run',
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

/**
 * Runs the test container attached (one client call: create, start, attach, wait) and returns the test
 * command's exit code. Main records the name in the post state before calling this.
 */
export async function runTestContainer(request: TestRequest): Promise<number> {
  const plan = planTestContainer(request);
  core.info(`test: container ${request.name}`);
  const result = await run(plan.argv, {
    env: plan.env,
    stream: true,
    untrustedOutput: true,
    allowFailure: true,
  });
  // a 0 is the command's own; anything else may be the client's (125: no container), so the
  // container's state says
  if (result.exitCode === 0) return 0;
  // only a container that ran and exited has the command's own code; one left `created` has a 0
  const state = await run(
    ['docker', 'inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', request.name],
    {
      allowFailure: true,
    },
  );
  const [status, code] = state.stdout.trim().split(' ');
  const exitCode = Number(code);
  if (state.exitCode === 0 && status === 'exited' && Number.isInteger(exitCode)) return exitCode;
  throw new Error(describeFailure(plan.argv, result));
}
