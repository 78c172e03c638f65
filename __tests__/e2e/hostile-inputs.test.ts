// Malformed and hostile inputs, through the bundled action as a runner runs it: each fails in one
// `::error::` line that names the input, before any docker command (not even the early ping), and
// none becomes a workflow command or reaches the docker client.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Job, repoRoot } from '../helpers/action-runner.js';
import { BAD, hostileWorkspace } from '../helpers/hostile-inputs.js';
import { pushToMain, uniqueRepository } from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

const rows: [string, Record<string, string>, RegExp][] = [
  [
    'an option as a registry',
    { registry: '--help', username: 'u', password: 'p' },
    /^::error::registry: '--help'/,
  ],
  [
    'an option as a cache',
    { 'cache-from': '--all-tags' },
    /^::error::cache-from: '--all-tags' starts with '-'/,
  ],
  [
    'a docker-host with a line break',
    { 'docker-host': 'tcp://x:1\nunix:///y' },
    /^::error::docker-host: .*\\n/,
  ],
  [
    'a forged annotation in the user name',
    { username: 'u\n::error::forged', password: 'p' },
    /^::error::username: has a line break/,
  ],
  [
    'a build-arg that moves the client',
    { 'build-args': 'DOCKER_HOST=tcp://evil:2375' },
    /^::error::build-args: DOCKER_HOST/,
  ],
  [
    'a report folder outside the workspace',
    { 'artifacts-dest': '/etc/cron.d' },
    /^::error::artifacts-dest: '\/etc\/cron\.d'/,
  ],
];

describe("every malformed input of the parser's table, through the bundled action", () => {
  it(`${BAD.length} inputs: one line each, no docker command`, async () => {
    for (const [inputs, message] of BAD) {
      const job = new Job({ inputs, env: pushToMain(process.env.DOCKER_HOST ?? '') });
      hostileWorkspace(job.workspace);
      const main = await job.main();
      const errors = main.log.split('\n').filter((line) => line.startsWith('::error::'));
      const what = `${JSON.stringify(inputs)}:\n${main.log}`;
      assert.equal(main.exitCode, 1, what);
      assert.equal(errors.length, 1, what);
      assert.match((errors[0] ?? '').replace(/^::error::/, ''), message, what);
      assert.doesNotMatch(main.log, /::debug::run:/, `no command ran: ${what}`);
    }
  });
});

describe('hostile inputs through the bundled action', () => {
  for (const [name, inputs, message] of rows) {
    it(`${name}: one line, no docker command`, async () => {
      const job = new Job({
        inputs: { image: uniqueRepository('hostile'), context: sampleApp, ...inputs },
        env: pushToMain(process.env.DOCKER_HOST ?? ''),
      });
      const main = await job.main();
      assert.equal(main.exitCode, 1, main.log);
      const errors = main.log.split('\n').filter((line) => line.startsWith('::error::'));
      assert.equal(errors.length, 1, main.log);
      assert.match(errors[0] ?? '', message);
      assert.doesNotMatch(main.log, /::debug::run:/, 'no command ran');
      assert.ok(!main.log.split('\n').includes('::error::forged'), 'no forged annotation');
      assert.equal((await job.post()).exitCode, 0);
    });
  }
});
