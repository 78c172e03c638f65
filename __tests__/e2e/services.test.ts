// Services: a compose file's HTTP service beside the tests, on today's engine with compose v2 and on
// 20.10 with compose v1 (no plugin there): the tests reach it by name; a red run shows its log; an
// unhealthy service is named; post takes the project down.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Job, repoRoot } from '../helpers/action-runner.js';
import { dockerWith, MODERN, OLD_LEGACY, type Engine } from '../helpers/engines.js';
import { pushToMain, registryTags, uniqueRepository } from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

/** An HTTP service that answers /ping with pong once it says it is ready; `healthy: false` never is. */
function composeFile(healthy: boolean): string {
  const check = healthy ? 'wget -q -O- http://127.0.0.1:8080/ping' : 'exit 1';
  return [
    'services:',
    '  api:',
    '    image: busybox',
    '    command: ["sh", "-c", "mkdir -p /www && echo pong > /www/ping && echo api ready: serving /ping && exec httpd -f -p 8080 -h /www"]',
    '    healthcheck:',
    `      test: ["CMD-SHELL", "${check}"]`,
    '      interval: 1s',
    '      timeout: 2s',
    '      retries: 2',
    '',
  ].join('\n');
}

function job(engine: Engine, image: string, inputs: Record<string, string>, healthy = true): Job {
  const run = new Job({
    inputs: { image, context: sampleApp, 'compose-file': 'ci/compose.yaml', cache: 'none', ...inputs },
    env: { ...pushToMain(''), ...engine.env() },
  });
  const dir = path.join(run.workspace, 'ci');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'compose.yaml'), composeFile(healthy));
  return run;
}

/** The project's containers left on the engine. */
function projectContainers(engine: Engine, log: string): string[] {
  const project = /berth-services-[0-9a-f]+/.exec(log)?.[0] ?? '';
  assert.ok(project, 'the log names the project');
  return dockerWith(
    engine.env(),
    'ps',
    '--all',
    '--quiet',
    '--filter',
    `label=com.docker.compose.project=${project}`,
  )
    .split('\n')
    .filter(Boolean);
}

for (const [engine, compose, other] of [
  [MODERN, /^::debug::run: docker compose --project-name/m, /^::debug::run: docker-compose --project-name/m],
  [
    OLD_LEGACY,
    /^::debug::run: docker-compose --project-name/m,
    /^::debug::run: docker compose --project-name/m,
  ],
] as const) {
  describe(`services on ${engine.name}`, { concurrency: false }, () => {
    it('the tests reach the service by name; post takes the project down', async () => {
      const image = uniqueRepository('services');
      const run = job(engine, image, { 'test-command': 'wget -q -O- http://api:8080/ping | grep -x pong' });
      const main = await run.main();
      assert.equal(main.exitCode, 0, main.log);
      assert.match(
        main.summary,
        /<td>services<\/td><td>[\d.]+ s<\/td><td>✅ ok<\/td><td>api on berth-services-[0-9a-f]+_default<\/td>/,
      );
      assert.match(main.log, compose);
      assert.doesNotMatch(main.log, other);
      assert.equal(projectContainers(engine, main.log).length, 1, 'the service runs until post');
      assert.doesNotMatch(main.log, /::group::service api log/, 'a green run shows no service log');
      const post = await run.post();
      assert.equal(post.exitCode, 0, post.log);
      assert.match(post.log, /took the services of berth-services-[0-9a-f]+ down/);
      assert.deepEqual(projectContainers(engine, main.log), []);
    });

    it('a failing test shows the service log, and nothing is pushed', async () => {
      const image = uniqueRepository('services-red');
      const run = job(engine, image, { 'test-command': 'wget -q -O- http://api:8080/ping | grep -x pang' });
      const main = await run.main();
      assert.equal(main.exitCode, 1, main.log);
      assert.match(
        main.log,
        /^::group::service api log$[\s\S]*api ready: serving \/ping[\s\S]*^::endgroup::$/m,
      );
      assert.deepEqual(await registryTags(image), []);
      assert.equal((await run.post()).exitCode, 0);
      assert.deepEqual(projectContainers(engine, main.log), []);
    });

    it('services on two networks and no default one: the tests reach both', async () => {
      const image = uniqueRepository('services-nets');
      const run = job(engine, image, {
        'test-command':
          'wget -q -O- http://front:8080/ping | grep -x pong && wget -q -O- http://back:8080/ping | grep -x pong',
      });
      const serve = (name: string, network: string): string[] => [
        `  ${name}:`,
        '    image: busybox',
        '    command: ["sh", "-c", "mkdir -p /www && echo pong > /www/ping && exec httpd -f -p 8080 -h /www"]',
        '    stop_signal: SIGKILL',
        `    networks: [${network}]`,
      ];
      const file = [
        'services:',
        ...serve('front', 'public'),
        ...serve('back', 'private'),
        'networks: { public: {}, private: {} }',
        '',
      ];
      writeFileSync(path.join(run.workspace, 'ci', 'compose.yaml'), file.join('\n'));
      const main = await run.main();
      assert.equal(main.exitCode, 0, main.log);
      assert.match(
        main.summary,
        /<td>back, front on berth-services-[0-9a-f]+_private, berth-services-[0-9a-f]+_public<\/td>/,
      );
      assert.equal((await run.post()).exitCode, 0);
      assert.deepEqual(projectContainers(engine, main.log), []);
    });

    it('an unhealthy service is named, with its log; the tests do not run', async () => {
      const image = uniqueRepository('services-sick');
      const run = job(engine, image, { 'test-command': 'echo tests ran', 'compose-timeout': '30s' }, false);
      const main = await run.main();
      assert.equal(main.exitCode, 1, main.log);
      assert.match(main.log, /^::error::service api is unhealthy$/m);
      assert.match(main.log, /^::group::service api log$/m);
      assert.doesNotMatch(main.log, /^tests ran$/m);
      assert.equal((await run.post()).exitCode, 0);
      assert.deepEqual(projectContainers(engine, main.log), []);
    });
  });
}
