// The test and artifacts phases: the test command runs in the built image; its reports are copied out
// with `docker cp` while the push goes on, and the container is removed once they are out.
import * as path from 'node:path';
import * as core from '@actions/core';
import { copyArtifacts, showArtifacts, type Artifacts } from './artifacts.js';
import { containerName, removeContainer } from '../core/container.js';
import type { KeyValue } from '../core/input-values.js';
import { background, counted, handoff, type Background, type Report } from '../core/report.js';
import { runTestContainer } from './container.js';
import { readReports, slowest, totalsLine, type TestTotals } from './reports.js';

export interface TestSettings {
  /** Run with `/bin/sh -c` in the built image; empty: no test phase. */
  command: string;
  /** Test container environment, written to an env file for `docker run --env-file`. */
  env: KeyValue[];
  /** Absolute directory inside the test container to copy out. */
  artifactsPath: string;
  /** Absolute host directory the artifacts are copied to. */
  artifactsDest: string;
  /** Stop the tests after this long (`test-timeout`); 0: no limit. */
  timeoutMs: number;
  /** Which copied files are JUnit reports to read (`test-reports`), a glob relative to artifactsDest. */
  reports: string;
}

/**
 * Where the test phase records the container post must remove, as it creates and removes it, and the
 * reports post must copy out first if main could not.
 */
export interface ContainerLog {
  created(name: string, reports: { path: string; dest: string }): void;
  copied(name: string): void;
  removed(name: string): void;
}

/** A test run whose reports are being copied out. */
export interface Tested {
  passed: boolean;
  /** The JUnit reports to read among the copied files. */
  reports: string;
  /** Why the tests were stopped, if they were: `timed out`, `cancelled`. */
  stopped?: string;
  copying: Background<Artifacts>;
  /** The container's removal once the copy has ended; what to log about it. */
  removal: Promise<string>;
}

/** Removes the test container; one the daemon refuses to remove stays in the post state. */
async function removeTestContainer(name: string, log: ContainerLog): Promise<string> {
  const { removed, why } = await removeContainer(name);
  if (!removed) return `test: the daemon did not remove ${name} (${why}); post tries again`;
  log.removed(name);
  return `test: removed ${name}`;
}

/** Runs the tests and starts copying the reports out; undefined when there is no test command. */
export async function testPhase(
  settings: TestSettings,
  imageId: string,
  report: Report,
  log: ContainerLog,
): Promise<Tested | undefined> {
  if (!settings.command) {
    report.skip('test', 'no test-command given');
    return undefined;
  }
  const name = containerName('test');
  log.created(name, { path: settings.artifactsPath, dest: settings.artifactsDest });
  const { command, env, timeoutMs } = settings;
  const end = await report.phase('test', () =>
    runTestContainer({ image: imageId, command, env, name, timeoutMs }),
  );
  const passed = end.exitCode === 0 && !end.stopped;
  handoff.setOutput('test-exit-code', String(end.exitCode));
  report.outcome.testExitCode = end.exitCode;
  const why = end.stopped === 'timed out' ? `timed out after ${timeoutMs / 1000} s` : end.stopped;
  report.note(
    'test',
    why ? `${why}, exit ${end.exitCode}` : `exit ${end.exitCode}`,
    passed ? 'ok' : 'failed',
  );

  const copying = background(copyArtifacts(name, settings.artifactsPath, settings.artifactsDest));
  // a container whose reports are not out is kept: post copies them before it removes it
  const removal = copying.work.then(
    () => {
      log.copied(name);
      return removeTestContainer(name, log);
    },
    () => `test: ${name} kept, its reports are not out yet; post copies them, then removes it`,
  );
  // read by finishArtifacts, which every path through main awaits
  copying.work.catch(() => undefined);
  const tested = { passed, reports: settings.reports, copying, removal };
  return why ? { ...tested, stopped: why } : tested;
}

/**
 * What the JUnit reports say: an error annotation for each failing test (its file and line when the
 * report gives them), a warning for a report that does not parse, the `tests` output and a summary
 * table with the failures and the slowest tests.
 */
function showReports(totals: TestTotals, dir: string, report: Report): void {
  for (const { file, why } of totals.broken)
    core.warning(`test-reports: ${path.relative(dir, file)} does not parse as JUnit (${why})`);
  if (totals.cases.length === 0) return;
  const failed = totals.cases.filter((testcase) => testcase.status === 'failed');
  for (const testcase of failed) {
    core.error(testcase.message || 'failed', {
      title: `${testcase.suite}: ${testcase.name}`,
      ...(testcase.file ? { file: testcase.file } : {}),
      ...(testcase.line ? { startLine: testcase.line } : {}),
    });
  }
  handoff.setOutput('tests', totalsLine(totals));
  const { passed, skipped, seconds } = totals;
  const failedNames = failed.map((testcase) => testcase.name);
  report.outcome.tests = { passed, failed: failed.length, skipped, seconds, failedNames };
  const rows = [...failed, ...slowest(totals, 5).filter((testcase) => testcase.status !== 'failed')].map(
    (testcase) => [
      testcase.suite,
      testcase.name,
      testcase.status === 'failed' ? `❌ ${testcase.message}` : testcase.status,
      `${testcase.seconds.toFixed(2)} s`,
    ],
  );
  report.sections.push({
    heading: 'Tests (failed, then the slowest)',
    rows: [['suite', 'test', 'result', 'time'], ...rows],
  });
}

/** The artifacts phase, written once the push phases are done: the copy's result and the removal. */
export async function finishArtifacts(tested: Tested, report: Report): Promise<void> {
  try {
    const artifacts = await report.finished('artifacts', tested.copying, showArtifacts);
    handoff.setOutput('artifacts-dir', artifacts.dir);
    report.outcome.artifacts = artifacts;
    report.note('artifacts', counted(artifacts.files, 'file'));
    showReports(readReports(artifacts.dir, tested.reports), artifacts.dir, report);
  } finally {
    core.info(await tested.removal);
  }
}
