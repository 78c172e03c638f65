// What every scenario checks after the bundled action ran in a job container: the pipeline ran through,
// the `environment` output names what was found, and the reports are where the job can read them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import * as path from 'node:path';
import type { StepResult } from './action-runner.js';
import type { JobContainer } from './job-container.js';
import { containerEvents, docker, probeContainer, registryTags, withoutCacheTags } from './testbed.js';

export interface ExpectedEnvironment {
  host: string | RegExp;
  source: string | RegExp;
  storageDriver: string;
  /** The builder's kind (detect/builder.ts). */
  builder: string;
}

interface EnvironmentOutput {
  ci?: { kind?: string };
  daemon?: {
    host?: string;
    source?: string;
    clientVersion?: string;
    serverVersion?: string;
    storageDriver?: string;
  };
  builder?: { kind?: string };
  workspace?: { visible?: boolean | null };
  disk?: { freeBytes?: number | null; source?: string | null };
}

const VERSION = /^\d+\.\d+\.\d+/;

function environmentOf(main: StepResult): EnvironmentOutput {
  return JSON.parse(main.outputs.environment ?? '{}') as EnvironmentOutput;
}

/** The `environment` output and the docker-host output say which daemon was found, and how. */
export function checkEnvironment(main: StepResult, expected: ExpectedEnvironment): void {
  const environment = environmentOf(main);
  const daemon = environment.daemon ?? {};
  assert.match(daemon.host ?? '', toPattern(expected.host), 'environment.daemon.host');
  assert.match(daemon.source ?? '', toPattern(expected.source), 'environment.daemon.source');
  assert.match(daemon.serverVersion ?? '', VERSION, 'environment.daemon.serverVersion');
  assert.match(daemon.clientVersion ?? '', VERSION, 'environment.daemon.clientVersion');
  assert.equal(daemon.storageDriver, expected.storageDriver, 'environment.daemon.storageDriver');
  assert.equal(environment.builder?.kind, expected.builder, 'environment.builder.kind');
  assert.equal(main.outputs['docker-host'], daemon.host, 'the docker-host output');
}

/**
 * The `environment` output names the CI (detect-ci's kind: act, gitlab, circleci) and the probe's
 * verdict that the daemon cannot see the job's workspace; the summary shows them in an Environment
 * table. Checked last in each scenario, so that the
 * rest of a scenario is proven on a berth that does not report these yet.
 */
export function checkCiAndVisibility(main: StepResult, ci: string): void {
  const environment = environmentOf(main);
  assert.equal(environment.ci?.kind, ci, 'environment.ci.kind');
  assert.equal(environment.workspace?.visible, false, 'environment.workspace.visible');
  const table = main.summary.split(/<h3>Environment<\/h3>/)[1] ?? '';
  assert.ok(
    table.includes(`<td>${environment.daemon?.host}`),
    'the summary has an Environment table naming the daemon',
  );
}

/**
 * Free space on the testbed engine (main ran between the eventTime()s since and until) was read the
 * `source` way: from the data root with the probe container created and removed but never started;
 * or by df, starting it. Nothing is copied out of the probe: creating it is the verdict. Either way the number is, within 1 GiB, what statfs of the engine's
 * data root gives here now.
 */
export function checkFreeSpace(
  main: StepResult,
  source: 'data root' | 'probe',
  since: string,
  until: string,
): void {
  const disk = environmentOf(main).disk ?? {};
  assert.equal(disk.source, source, 'environment.disk.source');
  const probe = probeContainer(main.log);
  const events = containerEvents(probe, since, until);
  for (const action of ['create', 'destroy'])
    assert.ok(
      events.includes(action),
      `the engine saw the probe ${probe}: ${action} in ${events.join(', ')}`,
    );
  assert.ok(!events.includes('archive-path'), `nothing copied from probe ${probe}: ${events.join(', ')}`);
  assert.equal(events.includes('start'), source === 'probe', `probe ${probe} started: ${events.join(', ')}`);
  const stats = statfsSync(docker('info', '--format', '{{.DockerRootDir}}').trim());
  const here = stats.bavail * stats.bsize;
  const free = disk.freeBytes ?? 0;
  assert.ok(Math.abs(free - here) < 1024 ** 3, `free space ${free} B, statfs of the data root ${here} B`);
}

function toPattern(value: string | RegExp): RegExp {
  return typeof value === 'string' ? new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : value;
}

/** Main built, tested and pushed, each phase ending ok. */
export function checkPipeline(
  main: StepResult,
  phases = ['detect', 'build', 'test', 'artifacts', 'push'],
): void {
  assert.equal(main.exitCode, 0, main.log);
  assert.equal(main.outputs['test-exit-code'], '0');
  assert.match(main.outputs['image-id'] ?? '', /^sha256:[0-9a-f]{64}$/);
  for (const phase of phases) {
    assert.match(
      main.summary,
      new RegExp(`<td>${phase}</td><td>\\d+\\.\\d s</td><td>✅ ok</td>`),
      `${phase} ok`,
    );
  }
}

/**
 * The test reports are in the job's workspace (read back with `docker cp`, as a later step of the job
 * would read them), although the daemon cannot see that folder.
 */
export function checkReports(job: JobContainer, main: StepResult, workspace: string): void {
  const dir = main.outputs['artifacts-dir'] ?? '';
  assert.equal(dir, path.posix.join(workspace, 'berth-artifacts'));
  const copy = job.copyOut(dir);
  assert.match(readFileSync(path.join(copy, 'junit.xml'), 'utf8'), /tests="2" failures="0"/);
  assert.ok(existsSync(path.join(copy, 'logs', 'test.log')), 'logs/test.log is among the reports');
}

/** The registry holds the tags main pushed: `repository` as the tests reach the registry. */
export async function checkPushed(repository: string, sha: string): Promise<void> {
  assert.deepEqual(withoutCacheTags(await registryTags(repository)), [
    'latest',
    'main',
    `sha-${sha.slice(0, 7)}`,
  ]);
}

/** The containers main created, from its saved state. */
/** The test container main ran, by the name its log gives. */
export function testContainerOf(log: string): string {
  const name = /test: container (berth-test-[0-9a-f]+)/.exec(log)?.[1];
  assert.ok(name, 'main named its test container in the log');
  return name;
}

export function createdContainers(state: Record<string, string>): string[] {
  return (JSON.parse(state.berth ?? '{}') as { containers?: string[] }).containers ?? [];
}
