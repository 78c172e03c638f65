// Login, secrets and retries against real registries: one that wants a password, and the testbed
// registry behind a proxy that fails the first pushes of a manifest.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Job, jobDockerConfig, repoRoot, tempDir, type StepResult } from '../helpers/action-runner.js';
import { startAuthRegistry, startFlakyProxy, type AuthRegistry } from '../helpers/registries.js';
import {
  dockerHost,
  pushedTags,
  pushToMain,
  randomSha,
  registry,
  registryTags,
  withoutCacheTags,
} from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');
const PASSWORD = 'pw-1f0c9e7a-do-not-print';

function job(inputs: Record<string, string>, env: Record<string, string> = {}): Job {
  return new Job({
    inputs: { context: sampleApp, push: 'true', ...inputs },
    env: {
      ...pushToMain(dockerHost()),
      ...env,
    },
  });
}

/**
 * A docker config whose credentials for `host` are in a helper, and that helper on a PATH: it answers
 * `get` with `answer` (a JSON of Username and Secret), or fails when there is none.
 */
function helperConfig(host: string, answer?: object): Record<string, string> {
  const config = jobDockerConfig();
  writeFileSync(path.join(config, 'config.json'), JSON.stringify({ credHelpers: { [host]: 'berth-e2e' } }));
  const bin = tempDir('helper-bin');
  const helper = path.join(bin, 'docker-credential-berth-e2e');
  const body = answer
    ? `cat >/dev/null\necho '${JSON.stringify({ ServerURL: host, ...answer })}'\n`
    : 'echo "credentials not found in native keychain"\nexit 1\n';
  writeFileSync(helper, `#!/bin/sh\n${body}`);
  chmodSync(helper, 0o755);
  return { DOCKER_CONFIG: config, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` };
}

/** Everything a step left behind that a person or a later step could read. */
function everything(step: StepResult): string {
  const log = step.log
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return [
    log,
    JSON.stringify(step.outputs),
    JSON.stringify(step.state),
    JSON.stringify(step.env),
    step.summary,
  ].join('\n');
}

describe('registries', () => {
  let secure: AuthRegistry;
  before(async () => {
    secure = await startAuthRegistry('berth-bot', PASSWORD);
  });
  after(async () => secure.stop());

  it('logs in with the password on stdin, masks it, pushes, and logs out in post', async () => {
    const image = `${secure.host}/secure/app`;
    const run = job({ image, registry: secure.host, username: secure.username, password: PASSWORD });
    const main = await run.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.match(
      main.log,
      new RegExp(`::add-mask::${PASSWORD}`),
      'the password is masked before anything else',
    );
    assert.match(main.log, /Logged in to 127\.0\.0\.1:\d+ as berth-bot/);
    assert.deepEqual(withoutCacheTags(await secure.tags('secure/app')), pushedTags(main.outputs.tags));
    // the tags after the first go on its manifest through the registry's API, with the same password
    for (const tag of (main.outputs.tags ?? '').split('\n').slice(1))
      assert.ok(main.log.includes(`pushed ${tag} (tagged in the registry)`), `${tag}:\n${main.log}`);
    // the login went to a docker config of the job under the runner's temp dir, never the user's
    const jobConfig = (JSON.parse(main.state.berth ?? '{}') as { dockerConfig?: string }).dockerConfig ?? '';
    assert.ok(jobConfig.startsWith(`${run.env.RUNNER_TEMP}/berth-docker-config-`), jobConfig);
    assert.match(
      readFileSync(path.join(jobConfig, 'config.json'), 'utf8'),
      new RegExp(secure.host.replace(/\./g, '\\.')),
    );
    const userConfig = path.join(run.env.DOCKER_CONFIG ?? '', 'config.json');
    assert.ok(
      !existsSync(userConfig) || !readFileSync(userConfig, 'utf8').includes(secure.host),
      'the user config is untouched',
    );
    assert.equal(main.env.DOCKER_CONFIG, undefined, 'not exported to later steps without logout: false');

    const post = await run.post();
    assert.equal(post.exitCode, 0, post.log);
    assert.ok(!existsSync(jobConfig), 'post removed the job config');
    for (const step of [main, post]) assert.ok(!everything(step).includes(PASSWORD), 'the password leaked');
  });

  it('fails at once on a wrong password, without retrying or printing it', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const run = job({
      image: `${secure.host}/secure/denied`,
      username: secure.username,
      password: wrong,
      retries: '3',
    });
    const main = await run.main();
    assert.equal(main.exitCode, 1);
    assert.match(main.log, /::error::docker login failed \(exit 1\):.*(unauthorized|401)/i);
    assert.doesNotMatch(main.log, /retry 1\/3/);
    assert.ok(!everything(main).includes(wrong));
    assert.deepEqual(await secure.tags('secure/denied'), []);
    await run.post();
  });

  it("the registry's API asks a credential helper as docker does, and tags with what it gives", async () => {
    const image = `${secure.host}/secure/helper`;
    const env = helperConfig(secure.host, { Username: secure.username, Secret: PASSWORD });
    const run = job({ image }, env);
    const main = await run.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.match(main.log, /::debug::run: docker-credential-berth-e2e get/);
    for (const tag of (main.outputs.tags ?? '').split('\n').slice(1))
      assert.ok(main.log.includes(`pushed ${tag} (tagged in the registry)`), `${tag}:\n${main.log}`);
    assert.deepEqual(withoutCacheTags(await secure.tags('secure/helper')), pushedTags(main.outputs.tags));
    assert.ok(!everything(main).includes(PASSWORD), 'the password leaked');
    await run.post();
  });

  it("pushes with docker when the registry's API cannot be used as docker would (an identity token in a helper)", async () => {
    const name = `e2e/helper-${randomSha().slice(0, 8)}`;
    const image = `${registry()}/${name}`;
    const run = job({ image }, helperConfig(registry(), { Username: '<token>', Secret: 'refresh' }));
    const main = await run.main();
    assert.equal(main.exitCode, 0, main.log);
    assert.ok(
      main.log.includes(
        `push: not tagged in the registry (credentials for ${registry()} are an identity token); docker push`,
      ),
      main.log,
    );
    assert.doesNotMatch(main.log, /\(tagged in the registry\)/);
    for (const tag of (main.outputs.tags ?? '').split('\n'))
      assert.ok(main.log.split('\n').includes(`::debug::run: docker push ${tag}`), tag);
    assert.deepEqual(withoutCacheTags(await registryTags(image)), pushedTags(main.outputs.tags));
    await run.post();
  });

  it('retries a push that the registry answers with 503, then succeeds', async () => {
    const proxy = await startFlakyProxy(
      registry(),
      (req) => req.method === 'PUT' && /\/manifests\//.test(req.url ?? ''),
      2,
    );
    try {
      // a new repository: a cold run pushes the first tag alone, so its manifest meets both failures
      const name = `e2e/flaky-${randomSha().slice(0, 8)}`;
      const image = `${proxy.host}/${name}`;
      const run = job({ image, retries: '3' });
      const main = await run.main();
      assert.equal(main.exitCode, 0, main.log);
      assert.equal(proxy.failed, 2);
      assert.match(
        main.log,
        /::warning::push 127\.0\.0\.1:\d+\/e2e\/flaky-\w+:sha-\w+: .*503.*; retry 1\/3 in 1 s/,
      );
      assert.match(main.log, /retry 2\/3 in 2 s/);
      assert.deepEqual(
        withoutCacheTags(await registryTags(`${registry()}/${name}`)),
        pushedTags(main.outputs.tags),
      );
      await run.post();
    } finally {
      await proxy.stop();
    }
  });
});
