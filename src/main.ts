// The main step, in the order the README tells it: setup, detect, login, cache, build, test, artifacts,
// push. The daemon's slower checks run beside the tests, once no build reads the workspace.
import * as core from '@actions/core';
import { readCache } from './build/cache-read.js';
import { prepareCache } from './build/cache-write.js';
import { noCacheFlags, wholeFromRepository } from './build/cache-plan.js';
import { buildWithCache, cacheSection } from './build/image-build.js';
import { findTestedTree, recordTestedTree } from './build/tree-key.js';
import { cancel, cancelled, cancelOnSignals, throwIfCancelled } from './core/cancel.js';
import { errorText } from './core/errors.js';
import { endStreams } from './core/exec.js';
import type { Repository } from './core/image-ref.js';
import { background, counted, Report, type Background } from './core/report.js';
import { forgetEarly } from './detect/early.js';
import { checkDaemon, findDaemon, type Environment, type Found } from './detect/environment.js';
import { publishEnvironment, showChecks } from './detect/report.js';
import { readRunContext, type RunContext } from './detect/run-context.js';
import type { Settings } from './inputs.js';
import { setup } from './install/phase.js';
import { publishPhases, publishPulled, writesCacheOnPass } from './publish.js';
import { login, maskCredentials } from './registry/login.js';
import { pullImage } from './registry/pull.js';
import { pushPolicy } from './registry/push.js';
import { imageTags } from './registry/tags.js';
import { StateRecorder } from './state.js';
import { finishArtifacts, testPhase } from './test-run/phase.js';

const DAEMON_VARIABLES = [
  'DOCKER_HOST',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
  'DOCKER_CONFIG',
  'DOCKER_CONTEXT',
];

function daemonEnv(): Record<string, string> {
  return Object.fromEntries(
    DAEMON_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
}

/** The image the tests run on, and the push phases to run once they are done. */
interface Subject {
  imageId: string;
  publish: (testsPassed: boolean) => Promise<void>;
  /** Why the tests do not run on it (`tested-tree: trust`), when they do not. */
  untested?: string;
}

/** What the phases after login share. */
interface Run {
  settings: Settings;
  image: Repository;
  found: Found;
  context: RunContext;
  tags: string[];
  report: Report;
  /** Starts the daemon's checks once what it is given settles (the probe puts a folder in the workspace). */
  checks: (after: Promise<unknown>) => unknown;
}

/** Cache and build; the stage cache images a passing run writes are made ready beside the tests. */
async function build(job: Run): Promise<Subject> {
  const { settings, image, found, context, tags, report, checks } = job;
  const session = await report.phase('cache', () => readCache(settings.build, image, context, found.builder));
  const { builder } = session;
  report.note('cache', `${session.mode}, ${session.sources.cacheFrom.length} sources`);

  const request = {
    ...settings.build,
    builder,
    tags,
    ...noCacheFlags(settings.build.noCache, context.event),
  };
  const built = await report.phase('build', () =>
    buildWithCache(request, session.parsed, session.caches, session.sources, session.extra),
  );
  const hits = built.rows.reduce((sum, row) => sum + row.hits, 0);
  const steps = built.rows.reduce((sum, row) => sum + row.steps, 0);
  const cacheHits = `${hits}/${steps}`;
  core.setOutput('cache-hits', cacheHits);
  Object.assign(report.outcome, { cacheHits });
  report.sections.push(cacheSection(built));
  report.note('build', `${cacheHits} steps from cache, ${builder} builder`);

  // the stage cache images are tagged (or built from the local cache) while the tests run
  const cache = writesCacheOnPass(settings.publish, context, session)
    ? prepareCache(session, request, built)
    : undefined;
  // buildx exports its cache with a second build of the context in the push phase: the checks (whose
  // probe puts a folder in the workspace) wait for the end of the run there
  if (!(cache && builder === 'buildx')) checks(cache?.refs ?? Promise.resolve());
  const whole = wholeFromRepository(builder, built.rows, image.name);
  const made = { tags, context, session, cache, imageId: built.imageId, whole };
  return {
    imageId: built.imageId,
    publish: (passed) => publishPhases(settings.publish, made, passed, report),
  };
}

/**
 * An image built before, pulled, and the tags go on it: `build: false` (only the tags asked for), or a
 * tree already built, tested and pushed (this commit's tags).
 */
async function pull(job: Run, reference: string, why: string): Promise<Subject> {
  const { settings, context, tags, report, checks } = job;
  const policy = pushPolicy(settings.publish);
  const imageId = await report.phase('pull', () => pullImage(reference, policy));
  report.skip('build', why);
  checks(Promise.resolve());
  const pulled = { reference, imageId, tags, context };
  return { imageId, publish: (passed) => publishPulled(settings.publish, pulled, passed, report) };
}

/**
 * A tree built, tested and pushed before is pulled instead of built again; any other is built, and
 * recorded as tested once its image is pushed.
 */
async function buildOnce(job: Run): Promise<Subject> {
  const { settings, image, context, report } = job;
  const login = settings.publish.login;
  const tree = await findTestedTree(settings.build, image, context.event, login);
  if (tree.reuse) {
    const subject = await pull(job, tree.reuse.reference, tree.reuse.why);
    if (settings.build.testedTree !== 'trust') return subject;
    return { ...subject, untested: 'tested-tree is trust: the tests passed on this tree before' };
  }
  const built = await build(job);
  const publish = async (passed: boolean): Promise<void> => {
    await built.publish(passed);
    const { digest, pushed } = report.outcome;
    if (passed && digest && pushed?.length)
      await recordTestedTree(image, tree.key, { digest, imageId: built.imageId }, login);
  };
  return { ...built, publish };
}

/** Login, cache and build (or pull), test, artifacts, push. */
async function pipeline(job: Omit<Run, 'context' | 'tags'>, record: StateRecorder): Promise<void> {
  const { settings, image, report } = job;
  const context = await readRunContext(process.env, settings.workspace);
  // an image berth did not build gets only the tags asked for
  const tags = settings.pull ? settings.publish.tags : imageTags(image, context, settings.publish.tags);
  core.setOutput('tags', tags.join('\n'));
  Object.assign(report.outcome, { image: image.name, tags });

  const credentials = settings.publish.login;
  if (credentials) {
    record.loggedIn(credentials.registry);
    await report.phase('login', () => login(credentials, settings.publish.retries));
  } else {
    report.skip('login', 'no credentials given');
  }

  const run = { ...job, context, tags };
  const subject = settings.pull
    ? await pull(run, settings.pull, `build is false: testing ${settings.pull}`)
    : await buildOnce(run);
  core.setOutput('image-id', subject.imageId);
  report.outcome.imageId = subject.imageId;
  if (subject.untested) report.skip('test', subject.untested);
  const tested = subject.untested
    ? undefined
    : await testPhase(settings.test, subject.imageId, report, record);
  const testsPassed = tested?.passed ?? true;
  // the reports are copied out while the push goes on; the artifacts phase is written after it
  const pushFailure = await subject.publish(testsPassed).then(() => '', errorText);
  const copyFailure = tested ? await finishArtifacts(tested, report).then(() => '', errorText) : '';
  // cancelled: the reports written so far are out; the cancellation is the failure to report
  throwIfCancelled();
  const failures = [pushFailure, copyFailure].filter(Boolean);
  if (failures.length > 0) throw new Error(failures.join('; '));
  if (!testsPassed) {
    const names = report.outcome.tests?.failedNames ?? [];
    const which =
      names.length > 0
        ? `: ${counted(names.length, 'test')} failed (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})`
        : '';
    const how = tested?.stopped ?? `failed with exit code ${report.outcome.testExitCode}${which}`;
    const what = tested?.last ?? 'test-command';
    throw new Error(`${what} ${how}; reports are in ${settings.test.artifactsDest}, nothing was pushed`);
  }
}

/** The summary's first line for a run that went through. */
function passedVerdict(report: Report): string {
  const { tests, testExitCode, pushed, image } = report.outcome;
  const tested =
    tests !== undefined
      ? `${counted(tests.passed, 'test')} passed${tests.skipped ? `, ${tests.skipped} skipped` : ''}`
      : testExitCode === 0
        ? 'the tests passed'
        : 'built (no test-command)';
  const published = pushed?.length ? `pushed ${counted(pushed.length, 'tag')}` : 'nothing pushed';
  return image ? `✅ ${image}: ${tested}; ${published}` : '✅ the daemon is set up';
}

/**
 * The last resort: a failure nothing awaited (work beside the tests) stops the run as a cancellation
 * does, so that main still stops the tests, copies the reports out and writes the summary.
 */
function stopOnStrayFailures(): void {
  const stray = (error: unknown): void => {
    process.exitCode = 1;
    core.error(`berth: ${errorText(error)}`);
    cancel(`berth stopped after an unexpected failure: ${errorText(error)}`);
  };
  process.on('unhandledRejection', stray);
  process.on('uncaughtException', stray);
}

/** The main step; `settings` is what index.ts read from the inputs, or why they are not valid. */
export async function main(settings: Settings | Error): Promise<void> {
  const report = new Report();
  const record = new StateRecorder(core.saveState);
  cancelOnSignals();
  stopOnStrayFailures();
  try {
    if (settings instanceof Error) throw settings;
    if (settings.publish.login) maskCredentials(settings.publish.login);
    // another client, other plugins, another daemon: the early answers may no longer hold
    if (await setup(settings.install, report, record)) forgetEarly();
    const found = await report.phase('detect', () => findDaemon(settings.detect));
    record.daemonEnv(daemonEnv());
    const at = report.sections.length;
    // the daemon's slower checks, started once (whatever `after` settles with)
    let checks: Promise<Background<Environment>> | undefined;
    const startChecks = (after: Promise<unknown>): Promise<Background<Environment>> => {
      const go = (): Background<Environment> => background(checkDaemon(settings.detect, found));
      return (checks ??= after.then(go, go));
    };
    // a prune must come before the build
    if (settings.detect.prune) await (await startChecks(Promise.resolve())).ended;
    try {
      if (settings.image) {
        const job = { settings, image: settings.image, found, report, checks: startChecks };
        await pipeline(job, record);
      } else report.skip('build', 'no image given: detect and set up only');
    } finally {
      // a cancelled run has no time for the checks (a runner kills a cancelled step within seconds)
      if (!cancelled.aborted) {
        const done = await startChecks(Promise.resolve());
        publishEnvironment(await report.finished('daemon checks', done, showChecks), report, at);
      }
    }
    report.verdict = passedVerdict(report);
  } catch (error) {
    report.verdict = `❌ ${errorText(error)}`;
    core.setFailed(errorText(error));
  } finally {
    // a stream cut short leaves workflow commands off: the summary and the failure must be read
    endStreams();
    await report.writeSummary().catch((error: unknown) => core.warning(`summary: ${errorText(error)}`));
  }
}
