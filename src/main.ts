// The main step, in the order the README tells it: setup, detect, login, cache, build, test, artifacts,
// push. The daemon's slower checks run beside the tests, once no build reads the workspace.
import * as core from '@actions/core';
import { readCache } from './build/cache-read.js';
import { prepareCache } from './build/cache-write.js';
import { buildCacheTo, noCacheFlags, wholeFromRepository } from './build/cache-plan.js';
import { buildWithCache, cacheSection } from './build/image-build.js';
import { findTestedTree, recordTestedTree, type TestedTree } from './build/tree-key.js';
import { imageLabels } from './build/labels.js';
import { buildInWaves, buildsApart } from './build/waves.js';
import { cancel, cancelled, cancelOnSignals, throwIfCancelled } from './core/cancel.js';
import { errorText, failsAs, kindOf, withKind } from './core/errors.js';
import { endStreams } from './core/exec.js';
import type { Repository } from './core/image-ref.js';
import { background, counted, escapeHtml, handoff, Report, type Background } from './core/report.js';
import { forgetEarly } from './detect/early.js';
import { checkDaemon, findDaemon, type Environment, type Found } from './detect/environment.js';
import { publishEnvironment, showChecks } from './detect/report.js';
import { readRunContext, type RunContext } from './detect/run-context.js';
import type { Settings } from './inputs.js';
import { setup } from './install/phase.js';
import { publishPhases, publishPulled, writesCacheOnPass } from './publish.js';
import { putOnManifest } from './registry/copy.js';
import { jobDockerConfig, login, maskCredentials } from './registry/login.js';
import { pullImage } from './registry/pull.js';
import { pushDecision, pushPolicy } from './registry/push.js';
import { computeTags, templateValues, type RunTags } from './registry/tags.js';
import { renderTemplate } from './registry/templates.js';
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
  /** What the tests run: the image's ID, or the reference a pulled image was pulled by (registry/pull.ts). */
  runs: string;
  /** Its ID; a pulled image's is asked while its tests start. A failure to tell is the push phase's. */
  imageId: Promise<string>;
  /** The labels berth put on the image; none on an image it did not build. */
  labels: Record<string, string>;
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
  /** The run's version (RunTags), for the labels. */
  version: string;
  report: Report;
  /** Starts the daemon's checks once what it is given settles (the probe puts a folder in the workspace). */
  checks: (after: Promise<unknown>) => unknown;
}

/** Cache and build; the stage cache images the run writes are made ready beside the tests. */
async function build(job: Run): Promise<Subject> {
  const { settings, image, found, context, tags, report, checks } = job;
  const facts = found.builder();
  const session = await report.phase('cache', async () =>
    readCache(settings.build, image, context, await facts, settings.publish.logins),
  );
  const { builder } = session;
  report.note('cache', `${session.mode}, ${session.sources.cacheFrom.length} sources`);

  const labels = imageLabels(context, job.version, settings.build.labels);
  handoff.setOutput('labels', JSON.stringify(labels));
  const writes = writesCacheOnPass(settings.publish, context, session);
  const request = {
    ...settings.build,
    builder,
    tags,
    labels,
    ...noCacheFlags(settings.build.noCache, context.event),
    cacheTo: buildCacheTo(builder, session.mode, session.caches, writes),
  };
  const apart =
    buildsApart(await facts, session.caches, request.noCache || session.mode === 'none') &&
    (await session.earlierCache);
  // a run that writes no cache (a pull request) tags no stage cache image either
  const caches = writes ? session.caches : session.caches.map((cache) => ({ ...cache, write: undefined }));
  const built = await report.phase('build', () =>
    (apart ? buildInWaves : buildWithCache)(request, session.parsed, caches, session.sources, session.extra),
  );
  const hits = built.rows.reduce((sum, row) => sum + row.hits, 0);
  const steps = built.rows.reduce((sum, row) => sum + row.steps, 0);
  const cacheHits = `${hits}/${steps}`;
  handoff.setOutput('cache-hits', cacheHits);
  Object.assign(report.outcome, { cacheHits });
  report.sections.push(cacheSection(built));
  report.note('build', `${cacheHits} steps from cache, ${builder} builder${apart ? ', stages apart' : ''}`);

  // the stage cache images are tagged (or built from the local cache) while the tests run
  const cache = writes ? prepareCache(session, request, built, Boolean((await facts).buildx)) : undefined;
  // buildx exports an Actions cache with a second build of the context in the push phase: the checks
  // (whose probe puts a folder in the workspace) wait for the end of the run there
  if (!(cache && builder === 'buildx' && session.mode === 'actions'))
    checks(cache?.ready ?? Promise.resolve());
  const whole = wholeFromRepository(builder, built.rows, image.name);
  const made = { tags, context, session, cache, imageId: built.imageId, whole };
  return {
    runs: built.imageId,
    imageId: Promise.resolve(built.imageId),
    labels,
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
  const { runs, imageId } = await report.phase('pull', () =>
    failsAs('registry', () => pullImage(reference, policy)),
  );
  report.skip('build', why);
  // beside the tests, not the pull, which the run waits for
  checks(Promise.resolve());
  return {
    runs,
    imageId,
    labels: {},
    publish: async (passed) =>
      publishPulled(settings.publish, { reference, imageId: await imageId, tags, context }, passed, report),
  };
}

/**
 * A tree built, tested and pushed before is pulled instead of built again; any other is built, and
 * recorded as tested once its image is pushed.
 */
async function buildOnce(job: Run, lookup: Promise<TestedTree>): Promise<Subject> {
  const { settings, image, report } = job;
  const { logins } = settings.publish;
  const tree = await lookup;
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
      await recordTestedTree(image, tree.key, { digest, imageId: await built.imageId }, logins);
  };
  return { ...built, publish };
}

/** Login, cache and build (or pull), test, artifacts, push. */
async function pipeline(
  job: Omit<Run, 'context' | 'tags' | 'version'>,
  record: StateRecorder,
): Promise<void> {
  const { settings, image, report } = job;
  Object.assign(report.outcome, { image: image.name });
  const reading = readRunContext(process.env, settings.workspace);
  // the tree key is hashed while git answers and the login goes on (no lookup when build is false or
  // for a promotion), with the job's docker config as it was before the login; awaited by buildOnce (a
  // run that stops before, at a failed login, does not report it)
  const lookUp = (): Promise<TestedTree> =>
    findTestedTree(settings.build, image, reading, settings.publish.logins, { ...process.env });
  const tree = settings.pull || settings.publish.promoteFrom ? undefined : lookUp();
  tree?.catch(() => undefined);
  const context = await reading;
  // an image berth did not build gets only the tags asked for
  const tagSettings = settings.pull
    ? { ...settings.publish.tags, defaultTags: false }
    : settings.publish.tags;
  const computed = computeTags(image, tagSettings, context, new Date());
  const tags = computed.tags.map((tag) => tag.ref);
  showTags(computed, report);

  await loginPhase(settings.publish, report, record);
  if (settings.publish.promoteFrom) return promote(settings.publish, tags, computed.version, context, report);

  const run = { ...job, context, tags, version: computed.version };
  const subject = settings.pull
    ? await pull(run, settings.pull, `build is false: testing ${settings.pull}`)
    : await buildOnce(run, tree ?? lookUp());
  if (subject.untested) report.skip('test', subject.untested);
  const tested = subject.untested ? undefined : await testPhase(settings.test, subject.runs, report, record);
  const testsPassed = tested?.passed ?? true;
  // the reports are copied out while the push goes on; the artifacts phase is written after it
  const pushFailure = await failsAs('registry', () => subject.publish(testsPassed)).then(noFailure, failed);
  // a failure to tell it is the push phase's, above
  const imageId = await subject.imageId.catch(() => '');
  handoff.setOutput('image-id', imageId);
  report.outcome.imageId = imageId;
  const { digest = '' } = report.outcome;
  const metadata = { tags, labels: subject.labels, version: computed.version, digest, imageId };
  handoff.setOutput('metadata', JSON.stringify(metadata));
  const copyFailure = tested
    ? await failsAs('environment', () => finishArtifacts(tested, report)).then(noFailure, failed)
    : undefined;
  // cancelled: the reports written so far are out; the cancellation is the failure to report
  throwIfCancelled();
  const failures = [pushFailure, copyFailure].filter((failure) => failure !== undefined);
  // the first failure says what kind the run's failure is
  if (failures.length > 0) throw withKind(kindOf(failures[0]), new Error(failures.map(errorText).join('; ')));
  if (!testsPassed) {
    const names = report.outcome.tests?.failedNames ?? [];
    const which =
      names.length > 0
        ? `: ${counted(names.length, 'test')} failed (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})`
        : '';
    const how = tested?.stopped ?? `failed with exit code ${report.outcome.testExitCode}${which}`;
    const what = tested?.last ?? 'test-command';
    throw withKind(
      'failed',
      new Error(`${what} ${how}; reports are in ${settings.test.artifactsDest}, nothing was pushed`),
    );
  }
}

/**
 * Logs in to every registry given, into a docker config of the job's own (DOCKER_CONFIG for every
 * command berth starts from here on; exported to later steps with `logout: false`).
 */
async function loginPhase(
  publish: Settings['publish'],
  report: Report,
  record: StateRecorder,
): Promise<void> {
  const { logins, retries } = publish;
  if (logins.length === 0) return report.skip('login', 'no credentials given');
  const dir = jobDockerConfig(
    process.env,
    logins.map((given) => given.registry),
  );
  record.dockerConfig(dir);
  process.env.DOCKER_CONFIG = dir;
  if (!publish.logout) handoff.exportVariable('DOCKER_CONFIG', dir);
  await report.phase('login', async () => {
    for (const credentials of logins) {
      record.loggedIn(credentials.registry);
      await failsAs('registry', () => login(credentials, retries));
    }
  });
  report.note('login', logins.map((given) => given.registry).join(', '));
}

/**
 * Promotion: the tags go on the manifest `promote-from` names, in the registry, with no build and no
 * test (that image was tested when it was built); the labels are the ones it was built with.
 */
async function promote(
  publish: Settings['publish'],
  tags: string[],
  version: string,
  context: RunContext,
  report: Report,
): Promise<void> {
  for (const phase of ['cache', 'build', 'test']) report.skip(phase, `promote-from ${publish.promoteFrom}`);
  const decision = pushDecision(publish.push, context.event, true);
  if (!decision.push) return report.skip('push', decision.why);
  const from = renderTemplate(publish.promoteFrom, templateValues(context, new Date()));
  if (!from) throw new Error(`promote-from: ${publish.promoteFrom} has a template with no value in this run`);
  const put = await report.phase('push', () =>
    failsAs('registry', () => putOnManifest(from, tags, publish.logins)),
  );
  report.note('push', `${tags.length} tags on ${from}`);
  handoff.setOutput('digest', put.digest);
  handoff.setOutput('image-id', put.configDigest);
  const metadata = { tags, labels: {}, version, digest: put.digest, imageId: put.configDigest };
  handoff.setOutput('metadata', JSON.stringify(metadata));
  Object.assign(report.outcome, { pushed: tags, digest: put.digest, imageId: put.configDigest });
}

/** The tags and the version: outputs, the log, and the summary's Tags table with the rule of each. */
function showTags(computed: RunTags, report: Report): void {
  const tags = computed.tags.map((tag) => tag.ref);
  handoff.setOutput('tags', tags.join('\n'));
  handoff.setOutput('version', computed.version);
  Object.assign(report.outcome, { tags, version: computed.version });
  for (const tag of computed.tags) core.info(`tag ${tag.ref}: ${tag.rule}`);
  for (const left of computed.left) core.info(`tag left out: ${left}`);
  report.sections.push({
    heading: `Tags (version ${escapeHtml(computed.version || 'none')})`,
    rows: [
      ['tag', 'rule'],
      ...computed.tags.map((tag) => [escapeHtml(tag.ref), escapeHtml(tag.rule)]),
      ...computed.left.map((left) => ['(none)', escapeHtml(left)]),
    ],
  });
}

const noFailure = (): undefined => undefined;
const failed = (error: unknown): unknown => error;

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

/** How main ended: its report (the summary's tables) and what failed it, if anything did. */
export interface MainResult {
  report: Report;
  failure?: unknown;
}

/**
 * The main step; `settings` is what index.ts read from the inputs, or why they are not valid. A failure
 * fails the step (`core.setFailed`: exit code 1) and is also returned, for the CLI to tell its kind.
 */
export async function main(settings: Settings | Error): Promise<MainResult> {
  const report = new Report();
  const record = new StateRecorder((name, value) => handoff.saveState(name, value));
  let failure: unknown;
  cancelOnSignals();
  stopOnStrayFailures();
  try {
    if (settings instanceof Error) throw settings;
    for (const credentials of settings.publish.logins) maskCredentials(credentials);
    // another client, other plugins, another daemon: the early answers may no longer hold
    if (await failsAs('environment', () => setup(settings.install, report, record))) forgetEarly();
    const found = await report.phase('detect', () =>
      failsAs('environment', () => findDaemon(settings.detect)),
    );
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
    failure = error;
    report.verdict = `❌ ${errorText(error)}`;
    core.setFailed(errorText(error));
  } finally {
    // a stream cut short leaves workflow commands off: the summary and the failure must be read
    endStreams();
    await report.writeSummary().catch((error: unknown) => core.warning(`summary: ${errorText(error)}`));
  }
  return { report, failure };
}
