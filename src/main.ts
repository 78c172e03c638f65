// The main step, in the order the README tells it: setup, detect, login, cache, build, test, artifacts, push.
import { homedir } from 'node:os';
import * as core from '@actions/core';
import {
  cacheSection,
  prepareCache,
  pushWithCache,
  readCache,
  writeCache,
  type CacheSession,
  type PreparedCache,
  type PushedImage,
} from './build/cache-read.js';
import { noCacheFlags, wholeFromRepository } from './build/cache-plan.js';
import { startDetect, type Detection } from './detect/environment.js';
import { publishEnvironment } from './detect/report.js';
import { parseSettings, type Settings } from './inputs.js';
import { login, maskCredentials } from './registry/login.js';
import { pushDecision } from './registry/push.js';
import { Report } from './core/report.js';
import { setup } from './install/phase.js';
import { readRunContext, type RunContext } from './detect/run-context.js';
import { emptyState, type PostState } from './core/state.js';
import { markMainRan, saveState } from './core/cleanup.js';
import { buildWithCache } from './build/cache-build.js';
import { imageTags } from './registry/tags.js';
import { finishArtifacts, testPhase } from './test-run/phase.js';

const DAEMON_VARIABLES = [
  'DOCKER_HOST',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
  'DOCKER_CONFIG',
  'DOCKER_CONTEXT',
];

/** The job's folder. CircleCI gives its working directory as `~/project`, so `~` is expanded here. */
function workspace(): string {
  const env = process.env;
  const circle = env.CIRCLE_WORKING_DIRECTORY?.replace(/^~(?=\/|$)/, homedir());
  return env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR || circle || process.cwd();
}

function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function daemonEnv(): Record<string, string> {
  return Object.fromEntries(
    DAEMON_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
}

/** What the build phase made, for the push phases. */
interface Build {
  tags: string[];
  context: RunContext;
  session: CacheSession;
  /** The stage cache images a passing run writes, made ready beside the tests. */
  cache: PreparedCache | undefined;
  image: PushedImage;
}

/** Whether a passing run writes the stage cache: never from a pull request; to a registry only when it pushes. */
function writesCacheOnPass(settings: Settings, context: RunContext, session: CacheSession): boolean {
  if (session.mode === 'none') return false;
  if (session.mode === 'actions') return context.pullRequest === undefined;
  return pushDecision(settings.push, context.event, true).push;
}

/** The push phase (tags, and stage cache images with them) and the cache push phase (cache alone). */
async function publishPhases(
  settings: Settings,
  build: Build,
  testsPassed: boolean,
  report: Report,
): Promise<void> {
  const { tags, context, session } = build;
  const decision = pushDecision(settings.push, context.event, testsPassed);
  const cache = testsPassed ? build.cache : undefined;
  const cacheNote = (written: string[]): string =>
    `${written.length} of ${session.caches.length} stage cache images changed`;
  if (!decision.push) {
    report.skip('push', decision.why);
    report.outcome.pushed = [];
  } else {
    const [first, written] = await report.phase('push', () =>
      pushWithCache(tags, settings.retries, cache, build.image),
    );
    core.setOutput('digest', first.digest);
    Object.assign(report.outcome, { pushed: first.pushed, digest: first.digest });
    if (cache) report.note('push', `${tags.length} tags; ${cacheNote(written)}`);
  }
  if (cache && !decision.push) {
    const written = await report.phase('cache push', async () => {
      const refs = await cache.refs;
      await writeCache(cache.session, cache.request, refs, settings.retries);
      return refs;
    });
    report.note('cache push', cacheNote(written));
  } else if (!cache) {
    report.skip('cache push', session.mode === 'none' ? 'cache is none' : decision.why);
  }
}

async function pipeline(
  settings: Settings,
  detection: Detection,
  report: Report,
  state: PostState,
  buildsDone: () => void,
): Promise<void> {
  const image = settings.image;
  if (!image) return;
  const context = await readRunContext(process.env, settings.workspace);
  const tags = imageTags(image, context, settings.tags);
  core.setOutput('tags', tags.join('\n'));
  Object.assign(report.outcome, { image: image.name, tags });

  if (settings.login) {
    const credentials = settings.login;
    state.logins.push(credentials.registry);
    saveState(state);
    await report.phase('login', () => login(credentials, settings.retries));
  } else {
    report.skip('login', 'no credentials given');
  }

  const builder = detection.builder;
  const session = await report.phase('cache', () => readCache(settings, image, context, builder));
  report.note('cache', `${session.mode}, ${session.sources.cacheFrom.length} sources`);

  await detection.ready;
  const request = {
    builder,
    ...settings,
    tags,
    ...noCacheFlags(settings.noCache, context.event),
  };
  const built = await report.phase('build', () =>
    buildWithCache(request, session.parsed, session.caches, session.sources, session.extra),
  );
  const hits = built.rows.reduce((sum, row) => sum + row.hits, 0);
  const steps = built.rows.reduce((sum, row) => sum + row.steps, 0);
  const cacheHits = `${hits}/${steps}`;
  core.setOutput('image-id', built.imageId);
  core.setOutput('cache-hits', cacheHits);
  Object.assign(report.outcome, { imageId: built.imageId, cacheHits });
  report.sections.push(cacheSection(built));
  report.note('build', `${cacheHits} steps from cache, ${builder} builder`);

  // the stage cache images are tagged (or built from the local cache) while the tests run
  const cache = writesCacheOnPass(settings, context, session)
    ? prepareCache(session, request, built)
    : undefined;
  // detection's slow parts start once no build reads the context (the stage cache builds included)
  void (cache?.refs ?? Promise.resolve()).finally(buildsDone);
  const tested = await testPhase(settings, built.imageId, report, state);
  const testsPassed = tested?.passed ?? true;
  // the reports are copied out while the push goes on; the artifacts phase is written after it
  const pushFailure = await publishPhases(
    settings,
    {
      tags,
      context,
      session,
      cache,
      image: {
        imageId: built.imageId,
        whole: wholeFromRepository(built.rows, image.name),
        login: settings.login,
      },
    },
    testsPassed,
    report,
  ).then(() => '', failureText);
  const copyFailure = tested ? await finishArtifacts(tested, report).then(() => '', failureText) : '';
  const failures = [pushFailure, copyFailure].filter(Boolean);
  if (failures.length > 0) throw new Error(failures.join('; '));
  if (!testsPassed) {
    throw new Error(
      `test-command failed with exit code ${report.outcome.testExitCode}; reports are in ${settings.artifactsDest}, nothing was pushed`,
    );
  }
}

export async function main(): Promise<void> {
  markMainRan();
  const report = new Report();
  const state = emptyState();
  try {
    const settings = parseSettings((name) => core.getInput(name), workspace());
    if (settings.login) maskCredentials(settings.login);
    await setup(settings.install, report, state);
    let buildsDone: () => void = () => undefined;
    const after = new Promise<void>((resolve) => (buildsDone = resolve));
    const detection = await report.phase('detect', () => startDetect({ ...settings, after }));
    state.daemonEnv = daemonEnv();
    saveState(state);
    const at = report.sections.length;
    try {
      if (settings.image) await pipeline(settings, detection, report, state, buildsDone);
      else report.skip('build', 'no image given: detect and set up only');
    } finally {
      buildsDone();
      publishEnvironment(await detection.environment, report, at);
    }
  } catch (error) {
    core.setFailed(failureText(error));
  } finally {
    await report.writeSummary();
  }
}
