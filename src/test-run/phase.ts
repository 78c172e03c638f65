// The test and artifacts phases: the test command runs in the built image; its reports are copied out
// with `docker cp` while the push goes on, and the container is removed once they are out.
import * as core from '@actions/core';
import { copyArtifacts, showArtifacts, type Artifacts } from './artifacts.js';
import { containerName, removeContainer } from '../core/container.js';
import type { KeyValue } from '../core/input-values.js';
import { background, type Background, type Report } from '../core/report.js';
import { runTestContainer } from './container.js';

export interface TestSettings {
  /** Run with `/bin/sh -c` in the built image; empty: no test phase. */
  command: string;
  /** Test container environment, passed by name with values in the environment. */
  env: KeyValue[];
  /** Absolute directory inside the test container to copy out. */
  artifactsPath: string;
  /** Absolute host directory the artifacts are copied to. */
  artifactsDest: string;
  /** Stop the tests after this long (`test-timeout`); 0: no limit. */
  timeoutMs: number;
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
  core.setOutput('test-exit-code', String(end.exitCode));
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
  return why ? { passed, stopped: why, copying, removal } : { passed, copying, removal };
}

/** The artifacts phase, written once the push phases are done: the copy's result and the removal. */
export async function finishArtifacts(tested: Tested, report: Report): Promise<void> {
  try {
    const artifacts = await report.finished('artifacts', tested.copying, showArtifacts);
    core.setOutput('artifacts-dir', artifacts.dir);
    report.outcome.artifacts = artifacts;
    report.note('artifacts', `${artifacts.files} files`);
  } finally {
    core.info(await tested.removal);
  }
}
