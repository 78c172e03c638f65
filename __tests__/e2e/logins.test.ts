// Logins against a registry with token authentication (how GHCR, Docker Hub and GitLab's registry
// authenticate): a wrong and a right password, the registry's API with a token, two registries in one
// run, and GitLab's CI_REGISTRY variables.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Job, repoRoot, type StepResult } from '../helpers/action-runner.js';
import {
  startAuthRegistry,
  startTokenRegistry,
  type AuthRegistry,
  type TokenRegistry,
} from '../helpers/registries.js';
import { dockerHost, pushedTags, pushToMain, randomSha, withoutCacheTags } from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');
const PASSWORD = 'tok-7d1e0b55-do-not-print';
const MIRROR_PASSWORD = 'mirror-3a9f-do-not-print';

function github(inputs: Record<string, string>): Job {
  return new Job({
    inputs: { context: sampleApp, push: 'true', ...inputs },
    env: {
      ...pushToMain(dockerHost()),
    },
  });
}

/** Nothing a step leaves holds a password (the runner's mask commands aside). */
function assertNoSecret(step: StepResult, ...secrets: string[]): void {
  const log = step.log
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  const left = [log, JSON.stringify(step.outputs), JSON.stringify(step.state), JSON.stringify(step.env)];
  for (const secret of secrets) assert.ok(!left.join('\n').includes(secret), 'a password leaked');
}

describe('logins', () => {
  let tokens: TokenRegistry;
  let mirror: AuthRegistry;
  before(async () => {
    [tokens, mirror] = await Promise.all([
      startTokenRegistry('berth-bot', PASSWORD),
      startAuthRegistry('mirror-bot', MIRROR_PASSWORD),
    ]);
  });
  after(async () => Promise.all([tokens.stop(), mirror.stop()]));

  it('a wrong password: the token service refuses it, the step fails at once and pushes nothing', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const run = github({
      image: `${tokens.host}/acme/denied`,
      username: tokens.username,
      password: wrong,
    });
    const main = await run.main();
    assert.equal(main.exitCode, 1, main.log);
    assert.match(main.log, /::error::docker login failed \(exit 1\):.*(unauthorized|401)/i);
    assert.ok(
      tokens.tokenRequests.some((request) => !request.granted),
      'the token service was asked',
    );
    assert.deepEqual(await tokens.tags('acme/denied'), []);
    assertNoSecret(main, wrong);
    await run.post();
  });

  it('the right password: docker logs in with a token, and the registry API tags with its own token', async () => {
    const before = tokens.tokenRequests.length;
    const run = github({ image: `${tokens.host}/acme/shop`, username: tokens.username, password: PASSWORD });
    const main = await run.main();
    assert.equal(main.exitCode, 0, main.log);
    const tags = (main.outputs.tags ?? '').split('\n');
    assert.deepEqual(withoutCacheTags(await tokens.tags('acme/shop')), pushedTags(main.outputs.tags));
    for (const tag of tags.slice(1))
      assert.ok(main.log.includes(`pushed ${tag} (tagged in the registry)`), `${tag}:\n${main.log}`);
    // berth's own client asked for a pull,push token of the repository
    assert.ok(
      tokens.tokenRequests
        .slice(before)
        .some((request) => request.granted && request.scopes.includes('repository:acme/shop:pull,push')),
      JSON.stringify(tokens.tokenRequests.slice(before)),
    );
    assertNoSecret(main, PASSWORD);
    const post = await run.post();
    assert.equal(post.exitCode, 0, post.log);
  });

  it('two registries in one run: the registry input and a logins entry, a tag in each', async () => {
    const logins = [
      `- registry: ${mirror.host}`,
      `  username: ${mirror.username}`,
      `  password: ${MIRROR_PASSWORD}`,
    ];
    const run = github({
      image: `${tokens.host}/acme/two`,
      username: tokens.username,
      password: PASSWORD,
      logins: logins.join('\n'),
      tags: `${mirror.host}/mirror/two:{{sha}},${mirror.host}/mirror/two:edge`,
      logout: 'false',
    });
    const main = await run.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.match(main.log, new RegExp(`Logged in to ${tokens.host} as berth-bot`));
    assert.match(main.log, new RegExp(`Logged in to ${mirror.host} as mirror-bot`));
    const sha = (main.outputs.tags ?? '').split('\n')[0]?.split(':sha-')[1] ?? '';
    assert.deepEqual(await mirror.tags('mirror/two'), [sha, 'edge'].sort());
    assert.deepEqual(
      withoutCacheTags(await tokens.tags('acme/two')),
      [`sha-${sha}`, 'main', 'latest'].sort(),
    );
    // logout: false hands the job's docker config to later steps; post removes it all the same
    assert.match(main.env.DOCKER_CONFIG ?? '', /berth-docker-config-/);
    assertNoSecret(main, PASSWORD, MIRROR_PASSWORD);
    await run.post();
  });

  it("GitLab's CI_REGISTRY variables log in when no credentials are given", async () => {
    const sha = randomSha();
    const run = new Job({
      inputs: { image: `${tokens.host}/group/project`, context: sampleApp, push: 'true' },
      env: {
        DOCKER_HOST: dockerHost(),
        GITLAB_CI: 'true',
        CI_COMMIT_SHA: sha,
        CI_COMMIT_BRANCH: 'main',
        CI_DEFAULT_BRANCH: 'main',
        CI_PIPELINE_SOURCE: 'push',
        CI_PROJECT_URL: 'https://gitlab.example/group/project',
        CI_REGISTRY: tokens.host,
        CI_REGISTRY_USER: tokens.username,
        CI_REGISTRY_PASSWORD: PASSWORD,
      },
    });
    const main = await run.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.match(main.log, new RegExp(`Logged in to ${tokens.host} as berth-bot`));
    assert.deepEqual(
      withoutCacheTags(await tokens.tags('group/project')),
      [`sha-${sha.slice(0, 7)}`, 'main', 'latest'].sort(),
    );
    await run.post();
  });
});
