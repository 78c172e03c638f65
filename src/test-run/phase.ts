// The test and artifacts phases: the test command runs in the built image; its reports are copied out
// with `docker cp` while the push goes on, and the container is removed once they are out.
import * as core from '@actions/core';
import { copyArtifacts, showArtifacts, type Artifacts } from './artifacts.js';
import type { Settings } from '../inputs.js';
import { background, type Background, type Report } from '../core/report.js';
import type { PostState } from '../core/state.js';
import { saveState } from '../core/cleanup.js';
import { containerName, removeContainer, runTestContainer } from './container.js';

/** A test run whose reports are being copied out. */
export interface Tested {
  passed: boolean;
  copying: Background<Artifacts>;
  /** The container's removal once the copy has ended; what to log about it. */
  removal: Promise<string>;
}

/** Removes the test container; one the daemon refuses to remove stays in the post state. */
async function removeTestContainer(name: string, state: PostState): Promise<string> {
  const { removed, why } = await removeContainer(name);
  if (!removed) return `test: the daemon did not remove ${name} (${why}); post tries again`;
  state.containers = state.containers.filter((container) => container !== name);
  saveState(state);
  return `test: removed ${name}`;
}

/** Runs the tests and starts copying the reports out; undefined when there is no test command. */
export async function testPhase(
  settings: Settings,
  imageId: string,
  report: Report,
  state: PostState,
): Promise<Tested | undefined> {
  if (!settings.testCommand) {
    report.skip('test', 'no test-command given');
    return undefined;
  }
  const name = containerName('test');
  state.containers.push(name);
  saveState(state);
  const exitCode = await report.phase('test', () =>
    runTestContainer({ image: imageId, command: settings.testCommand, env: settings.testEnv, name }),
  );
  const passed = exitCode === 0;
  core.setOutput('test-exit-code', String(exitCode));
  report.outcome.testExitCode = exitCode;
  report.note('test', `exit ${exitCode}`, passed ? 'ok' : 'failed');

  const copying = background(copyArtifacts(name, settings.artifactsPath, settings.artifactsDest));
  const removal = copying.ended.then(() => removeTestContainer(name, state));
  // read by finishArtifacts, which every path through main awaits
  copying.work.catch(() => undefined);
  return { passed, copying, removal };
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
