// The main step, in the order the README tells it: setup, detect, login, cache, build, test, artifacts, push.
import { homedir } from 'node:os';
import * as core from '@actions/core';
import { copyArtifacts } from './artifacts.js';
import { build } from './build.js';
import { needsPull, pullCache } from './cache.js';
import { detect, type Environment } from './detect.js';
import { publishEnvironment } from './environment-report.js';
import { parseSettings, type Settings } from './inputs.js';
import { login, maskCredentials } from './login.js';
import { pushDecision, pushTags } from './push.js';
import { Report } from './report.js';
import { setup } from './setup.js';
import { readRunContext } from './run-context.js';
import { emptyState, markMainRan, saveState, type PostState } from './state.js';
import { cacheRefs, imageTags } from './tags.js';
import { containerName, createTestContainer, runTestContainer } from './test-run.js';

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

function daemonEnv(): Record<string, string> {
  return Object.fromEntries(
    DAEMON_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
}

async function pipeline(
  settings: Settings,
  environment: Environment,
  report: Report,
  state: PostState,
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

  const refs = cacheRefs(image, context, settings.cacheFrom);
  const cacheFrom = await report.phase('cache', async () =>
    needsPull(environment.builder) ? pullCache(refs, settings.retries) : refs,
  );
  report.note('cache', `${cacheFrom.length}/${refs.length} references found`);

  const built = await report.phase('build', () =>
    build({ builder: environment.builder, ...settings, tags, cacheFrom }),
  );
  const cacheHits = `${built.cache.hits}/${built.cache.steps}`;
  core.setOutput('image-id', built.imageId);
  core.setOutput('cache-hits', cacheHits);
  Object.assign(report.outcome, { imageId: built.imageId, cacheHits });
  report.note('build', `${cacheHits} steps from cache, ${environment.builder} builder`);

  let testsPassed = true;
  if (settings.testCommand) {
    const name = containerName('test');
    state.containers.push(name);
    saveState(state);
    const exitCode = await report.phase('test', async () => {
      await createTestContainer({
        image: built.imageId,
        command: settings.testCommand,
        env: settings.testEnv,
        name,
      });
      return runTestContainer(name);
    });
    testsPassed = exitCode === 0;
    core.setOutput('test-exit-code', String(exitCode));
    report.outcome.testExitCode = exitCode;
    report.note('test', `exit ${exitCode}`, testsPassed ? 'ok' : 'failed');

    const artifacts = await report.phase('artifacts', () =>
      copyArtifacts(name, settings.artifactsPath, settings.artifactsDest),
    );
    core.setOutput('artifacts-dir', artifacts.dir);
    report.outcome.artifacts = artifacts;
    report.note('artifacts', `${artifacts.files} files`);
  } else {
    report.skip('test', 'no test-command given');
  }

  const decision = pushDecision(settings.push, context.event, testsPassed);
  if (!decision.push) {
    report.skip('push', decision.why);
    report.outcome.pushed = [];
  } else {
    const { pushed, digest } = await report.phase('push', () => pushTags(tags, settings.retries));
    core.setOutput('digest', digest);
    Object.assign(report.outcome, { pushed, digest });
  }
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
    const environment = await report.phase('detect', () => detect(settings));
    state.daemonEnv = daemonEnv();
    saveState(state);
    publishEnvironment(environment, report);
    if (settings.image) await pipeline(settings, environment, report, state);
    else report.skip('build', 'no image given: detect and set up only');
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  } finally {
    await report.writeSummary();
  }
}
