// The examples of examples/ as the scenario tests run them: the `with:` of the step that uses berth,
// its `${{ }}` expressions given values; a GitLab job's variables, expanded as GitLab expands them;
// the shell commands of a GitLab script or a CircleCI run step, run in a job container. What is the
// example app's own (its test command, where its reports are) is replaced by the sample app's.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './action-runner.js';
import { JobContainer } from './job-container.js';
import { dockerAsync, type Scope } from './scope.js';

export function readExample(file: string): unknown {
  return parse(readFileSync(path.join(repoRoot, 'examples', file), 'utf8'));
}

/** The sample app's test command and reports, in place of the example app's. */
export const SAMPLE_APP_INPUTS = { 'test-command': '/test/run.sh', 'artifacts-path': '/artifacts' };

interface WorkflowStep {
  uses?: string;
  with?: Record<string, string>;
}

/**
 * The `with:` of the step that uses berth in a GitHub workflow example, each `${{ name }}` replaced by
 * `context[name]` (an expression it has no value for fails the test), then `host` put for the example's
 * registry host (ghcr.io) and the sample app's inputs for the app's own.
 */
export function berthStepInputs(
  file: string,
  context: Record<string, string>,
  host: { example: string; test: string },
): Record<string, string> {
  const workflow = readExample(file) as { jobs: Record<string, { steps?: WorkflowStep[] }> };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
  const step = steps.find((candidate) => /\/berth@/.test(candidate.uses ?? ''));
  if (!step?.with) throw new Error(`${file} has no step that uses berth`);
  const inputs = Object.fromEntries(
    Object.entries(step.with).map(([name, value]) => {
      const evaluated = String(value).replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expression: string) => {
        const known = context[expression];
        if (known === undefined) throw new Error(`${file}: no value for \${{ ${expression} }}`);
        return known;
      });
      return [name, evaluated.split(host.example).join(host.test)];
    }),
  );
  return { ...inputs, ...SAMPLE_APP_INPUTS };
}

/** `$NAME` and `${NAME}` replaced by their values, as GitLab expands variables (unset: empty). */
export function expandVariables(value: string, variables: Record<string, string>): string {
  return value.replace(/\$\{?(\w+)\}?/g, (_, name: string) => variables[name] ?? '');
}

/** Runs shell commands in a job container as a CI runs a script: one shell, stopping at the first failure. */
export async function runScript(
  job: JobContainer,
  lines: readonly string[],
  env: Record<string, string> = {},
): Promise<{ exitCode: number; log: string }> {
  const variables = Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]);
  const { exitCode, log } = await dockerAsync(
    ['exec', ...variables, job.name, 'sh', '-ec', lines.join('\n')],
    300_000,
  );
  return { exitCode, log };
}

/** The CLI in a job container: what the examples' BERTH variable stands for there. */
export const BERTH_IN_JOB = 'node /opt/berth/dist/cli/index.js';

/**
 * A CI job's container on `network` that runs berth's CLI: the package at /opt/berth (dist, action.yml,
 * package.json, read-only), BERTH naming the CLI, the sample app's test command and reports, and the
 * sample app checked out in `workspace`.
 */
export function cliJob(
  scope: Scope,
  options: {
    label: string;
    image: string;
    network: string;
    workspace: string;
    env: Record<string, string>;
    runArgs?: string[];
  },
): JobContainer {
  const mounts = ['action.yml', 'package.json'].flatMap((file) => [
    '--volume',
    `${path.join(repoRoot, file)}:/opt/berth/${file}:ro`,
  ]);
  const job = new JobContainer(scope, {
    ...options,
    runArgs: [...(options.runArgs ?? []), ...mounts],
    env: {
      ...options.env,
      BERTH: BERTH_IN_JOB,
      BERTH_TEST_COMMAND: SAMPLE_APP_INPUTS['test-command'],
      BERTH_ARTIFACTS_PATH: SAMPLE_APP_INPUTS['artifacts-path'],
    },
    actionDir: '/opt/berth/dist',
    stepsDir: '/tmp/steps',
    inputs: {},
  });
  job.checkout(path.join(repoRoot, '__tests__', 'fixtures', 'sample-app'));
  return job;
}
