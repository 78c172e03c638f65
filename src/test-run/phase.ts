// The test and artifacts phases: the test command runs in the built image; its reports are copied out
// with `docker cp` while the push goes on, and the container is removed once they are out.
import * as path from 'node:path';
import * as core from '@actions/core';
import { copyArtifacts, showArtifacts, type Artifacts } from './artifacts.js';
import { containerName, removeContainer } from '../core/container.js';
import type { KeyValue } from '../core/input-values.js';
import { background, counted, handoff, type Background, type Report } from '../core/report.js';
import { runTestContainer, type TestEnd } from './container.js';
import {
  showServiceLogs,
  startServices,
  type Services,
  type ServicesLog,
  type ServicesSettings,
} from './services.js';
import type { TestTotals } from './reports.js';

/** The report reader (reports.ts, with fast-xml-parser and minimatch). */
type Reader = typeof import('./reports.js');

export interface TestSettings {
  /** Each run with `/bin/sh -c` in a container of its own, in order; none: no test phase. */
  commands: string[];
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
  /** The services the tests talk to (`compose-file`). */
  services: ServicesSettings;
}

/**
 * Where the test phase records the container post must remove, as it creates and removes it, and the
 * reports post must copy out first if main could not.
 */
export interface ContainerLog extends ServicesLog {
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
  /** Where the reports land: artifactsDest, with a folder for each command when there are several. */
  dir: string;
  /** One copy for each command that ran. */
  copies: Copy[];
  /** The last command that ran, as the error names it: `test-command`, or `test-command 2/3 (make it)`. */
  last: string;
  /**
   * The report reader, loaded while the tests run: a fifth of the code main would otherwise load
   * before its first command (0.02 s of a core), and nothing reads a report before they are out.
   */
  reader: Promise<Reader>;
}

/** The reports of one test container, being copied out, and its removal once they are. */
interface Copy {
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

/** The phase of command `index` of `count`: `test` alone, else `test 2/3`. */
function phaseName(index: number, count: number): string {
  return count === 1 ? 'test' : `test ${index + 1}/${count}`;
}

/** Where the reports of command `index` of `count` go: artifactsDest, or a folder of it for each. */
export function commandDest(dest: string, index: number, count: number): string {
  return count === 1 ? dest : path.join(dest, `test-${index + 1}`);
}

/** Runs one command in a container of its own and starts copying its reports out. */
async function runOne(
  settings: TestSettings,
  image: string,
  index: number,
  services: Services | undefined,
  report: Report,
  log: ContainerLog,
): Promise<{ end: TestEnd; copy: Copy }> {
  const count = settings.commands.length;
  const command = settings.commands[index] ?? '';
  const name = containerName('test');
  const dest = commandDest(settings.artifactsDest, index, count);
  log.created(name, { path: settings.artifactsPath, dest });
  const { env, timeoutMs } = settings;
  const phase = phaseName(index, count);
  const end = await report.phase(phase, () => {
    if (count > 1) core.info(`test: ${command}`);
    const networks = services?.networks ?? [];
    return runTestContainer({ image, command, env, name, timeoutMs, networks });
  });
  const why = end.stopped === 'timed out' ? `timed out after ${timeoutMs / 1000} s` : end.stopped;
  const passed = end.exitCode === 0 && !end.stopped;
  const what = count > 1 ? `${command}: ` : '';
  report.note(
    phase,
    `${what}${why ? `${why}, exit ${end.exitCode}` : `exit ${end.exitCode}`}`,
    passed ? 'ok' : 'failed',
  );

  const copying = background(copyArtifacts(name, settings.artifactsPath, dest));
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
  return { end, copy: { copying, removal } };
}

/**
 * Runs the test commands in order, each in a container of its own, up to the first that fails, and
 * starts copying the reports of each out as it ends; undefined when there is no test command.
 */
export async function testPhase(
  settings: TestSettings,
  imageId: string,
  report: Report,
  log: ContainerLog,
): Promise<Tested | undefined> {
  const count = settings.commands.length;
  if (count === 0) {
    report.skip('test', 'no test-command given');
    return undefined;
  }
  const reader = import('./reports.js');
  // awaited by finishArtifacts, which every path through main awaits
  reader.catch(() => undefined);
  const services = await startServices(settings.services, imageId, report, log);
  const copies: Copy[] = [];
  let last: TestEnd = { exitCode: 0 };
  let label = 'test-command';
  for (let index = 0; index < count; index++) {
    if (last.exitCode !== 0 || last.stopped) {
      report.skip(phaseName(index, count), 'an earlier test command failed');
      continue;
    }
    const { end, copy } = await runOne(settings, imageId, index, services, report, log);
    copies.push(copy);
    last = end;
    if (count > 1) label = `test-command ${index + 1}/${count} (${settings.commands[index] ?? ''})`;
  }
  const passed = last.exitCode === 0 && !last.stopped;
  // a red run shows what the services said
  if (!passed && services) await showServiceLogs(services.states);
  handoff.setOutput('test-exit-code', String(last.exitCode));
  report.outcome.testExitCode = last.exitCode;
  const why = last.stopped === 'timed out' ? `timed out after ${settings.timeoutMs / 1000} s` : last.stopped;
  const tested = {
    passed,
    reports: settings.reports,
    dir: settings.artifactsDest,
    copies,
    last: label,
    reader,
  };
  return why ? { ...tested, stopped: why } : tested;
}

/**
 * What the JUnit reports say: an error annotation for each failing test (its file and line when the
 * report gives them), a warning for a report that does not parse, the `tests` output and a summary
 * table with the failures and the slowest tests.
 */
function showReports(totals: TestTotals, dir: string, report: Report, reader: Reader): void {
  const { slowest, totalsLine } = reader;
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

/** The artifacts phase, written once the push phases are done: the copies' results and the removals. */
export async function finishArtifacts(tested: Tested, report: Report): Promise<void> {
  const started = Math.min(...tested.copies.map((copy) => copy.copying.started));
  const all = Promise.all(tested.copies.map((copy) => copy.copying.work));
  const copying: Background<Artifacts[]> = {
    work: all,
    started,
    ended: Promise.all(tested.copies.map((copy) => copy.copying.ended)).then((ends) => Math.max(...ends)),
  };
  try {
    const copied = await report.finished('artifacts', copying, (each) => each.forEach(showArtifacts));
    // each copy counted its own folder (test-N, or the one folder of a single command)
    const sum = (key: 'files' | 'bytes' | 'unreadable'): number =>
      copied.reduce((total, each) => total + each[key], 0);
    const artifacts = {
      dir: tested.dir,
      files: sum('files'),
      bytes: sum('bytes'),
      unreadable: sum('unreadable'),
      missing: '',
    };
    handoff.setOutput('artifacts-dir', artifacts.dir);
    report.outcome.artifacts = artifacts;
    report.note('artifacts', counted(artifacts.files, 'file'));
    if (copied.length > 0) {
      const reader = await tested.reader;
      showReports(reader.readReports(artifacts.dir, tested.reports), artifacts.dir, report, reader);
    }
  } finally {
    for (const copy of tested.copies) core.info(await copy.removal);
  }
}
