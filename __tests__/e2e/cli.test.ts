// berth's CLI the way people run it: `npx berth --help` on a fresh clone, and on a laptop `npx berth
// --image ... --test-command ...` in a project that installed berth's package, main and post in one
// process (post logs out of the registry main logged in to), no runner file written, the summary as
// text, the outputs in a file; and the exit code of each kind of failure.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { jobDockerConfig, repoRoot, tempDir } from '../helpers/action-runner.js';
import { freshClone, packBerth, projectWithBerth, runCommand, type CliRun } from '../helpers/cli-runs.js';
import { startAuthRegistry, type AuthRegistry } from '../helpers/registries.js';
import { testContainerOf } from '../helpers/scenario-checks.js';
import { containerExists, dockerHost, uniqueRepository, withoutCacheTags } from '../helpers/testbed.js';

const declared = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string }>;
};

/** What a laptop's shell has: PATH, HOME, the daemon, a docker config of its own. No CI variable. */
function laptopEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tempDir('home'),
    DOCKER_HOST: dockerHost(),
    DOCKER_CONFIG: jobDockerConfig(),
    ...extra,
  };
}

describe('the berth command', () => {
  let project: { dir: string; sha: string };
  let auth: AuthRegistry;
  before(async () => {
    project = projectWithBerth(packBerth());
    auth = await startAuthRegistry('laptop', 's3cret-laptop-pw');
  });
  after(() => auth.stop());

  it('on a fresh clone, npx berth --help prints every input of action.yml with its description', async () => {
    const clone = freshClone();
    assert.ok(!existsSync(path.join(clone, 'node_modules')), 'nothing installed in the clone');
    // offline: npx must find berth in the clone itself, never ask the registry for a package
    const env = { ...laptopEnv(), npm_config_offline: 'true' };
    const help = await runCommand(['npx', 'berth', '--help'], { cwd: clone, env });
    assert.equal(help.exitCode, 0, help.log);
    const flat = help.log.replace(/\n\s+/g, ' ');
    for (const [name, input] of Object.entries(declared.inputs)) {
      assert.match(help.log, new RegExp(`^  --${name} VALUE `, 'm'), `--${name} is listed`);
      assert.ok(flat.includes(input.description.trim().replace(/\s+/g, ' ')), `${name}'s description`);
    }
    const version = await runCommand(['npx', 'berth', '--version'], { cwd: clone, env });
    const { version: expected } = JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(version.log.trim(), expected);
  });

  it('on a laptop: builds, tests, pushes with a login, logs out in post, writes the outputs; no runner file', async () => {
    const image = `${auth.host}/e2e/laptop`;
    const runnerFiles = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'].map((name) => {
        const file = path.join(tempDir('runner-file'), name.toLowerCase());
        writeFileSync(file, '');
        return [name, file];
      }),
    );
    const env = laptopEnv({ ...runnerFiles, BERTH_PASSWORD: auth.password, npm_config_offline: 'true' });
    const argv = ['npx', 'berth', '--image', image, '--test-command=/test/run.sh', '--push', 'true'];
    const run = await runCommand([...argv, '--username', auth.username, '--outputs', 'berth.json'], {
      cwd: project.dir,
      env,
    });
    assert.equal(run.exitCode, 0, run.log);

    // the log as a person reads it: groups as headings, no workflow command, the password nowhere
    assert.match(run.log, /^▶ build$/m);
    assert.doesNotMatch(run.log, /^::/m);
    assert.ok(!run.log.includes(auth.password), 'the password is not in the log');
    // the summary as text tables
    assert.match(run.log, /^✅ 127\.0\.0\.1:\d+\/e2e\/laptop: 2 tests passed; pushed 3 tags$/m);
    assert.match(run.log, /^push +\d+\.\d s +✅ ok/m);
    assert.match(run.log, /^login +\d+\.\d s +✅ ok/m);
    assert.match(run.log, /^Tests \(failed, then the slowest\)\nsuite +test +result +time$/m);

    const outputs = JSON.parse(readFileSync(path.join(project.dir, 'berth.json'), 'utf8')) as Record<
      string,
      string
    >;
    const short = project.sha.slice(0, 7);
    assert.deepEqual(outputs.tags?.split('\n'), [
      `${image}:sha-${short}`,
      `${image}:main`,
      `${image}:latest`,
    ]);
    assert.match(outputs['image-id'] ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(outputs['artifacts-dir'], path.join(project.dir, 'berth-artifacts'));
    assert.equal(outputs.tests, 'passed=2 failed=0 skipped=0');
    assert.equal((JSON.parse(outputs.environment ?? '{}') as { ci?: { kind?: string } }).ci?.kind, 'local');
    assert.match(
      readFileSync(path.join(project.dir, 'berth-artifacts', 'junit.xml'), 'utf8'),
      /failures="0"/,
    );
    assert.deepEqual(withoutCacheTags(await auth.tags('e2e/laptop')), ['latest', 'main', `sha-${short}`]);

    // main removed its test container; post, handed main's state in the process, logged out
    assert.ok(!containerExists(testContainerOf(run.log)));
    // the login went to a docker config of the job's own, which post removed: the user's has none
    const userConfig = path.join(env.DOCKER_CONFIG, 'config.json');
    const config = existsSync(userConfig) ? readFileSync(userConfig, 'utf8') : '{}';
    const auths = (JSON.parse(config) as { auths?: object }).auths ?? {};
    assert.ok(!Object.hasOwn(auths, auth.host), config);
    for (const [name, file] of Object.entries(runnerFiles))
      assert.equal(readFileSync(file, 'utf8'), '', name);
  });

  const failures: [string, string[], Record<string, string>, number, RegExp][] = [
    ['a bad input', ['--image', 'Not An Image'], {}, 2, /^berth: image: /m],
    ['bad usage', ['--imag', 'x'], {}, 2, /'--imag' is not an input/],
    [
      'no daemon',
      ['--image', 'e2e/app'],
      { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      3,
      /^error: No Docker daemon answers/m,
    ],
    [
      'failing tests (from BERTH_TEST_COMMAND)',
      ['--image', 'e2e/app'],
      { BERTH_TEST_COMMAND: 'exit 3' },
      1,
      /^error: test-command failed with exit code 3/m,
    ],
    [
      'a registry that does not answer',
      ['--image', '127.0.0.1:1/e2e/app', '--test-command', 'true', '--push', 'true', '--retries', '0'],
      {},
      4,
      /^error: push of 127\.0\.0\.1:1\/e2e\/app:sha-/m,
    ],
  ];
  for (const [what, args, extra, code, message] of failures) {
    it(`exits ${code} on ${what}`, async () => {
      const bin = path.join(project.dir, 'node_modules', '.bin', 'berth');
      const run: CliRun = await runCommand([bin, ...args], { cwd: project.dir, env: laptopEnv(extra) });
      assert.equal(run.exitCode, code, run.log);
      assert.match(run.log, message);
    });
  }

  it('pushes to the testbed registry by a BERTH_IMAGE variable alone', async () => {
    const repository = uniqueRepository('laptop-env');
    const bin = path.join(project.dir, 'node_modules', '.bin', 'berth');
    const env = laptopEnv({
      BERTH_IMAGE: repository,
      BERTH_PUSH: 'true',
      BERTH_TEST_COMMAND: '/test/run.sh',
    });
    const run = await runCommand([bin, '--outputs', 'berth.env'], { cwd: project.dir, env });
    assert.equal(run.exitCode, 0, run.log);
    const dotenv = readFileSync(path.join(project.dir, 'berth.env'), 'utf8');
    assert.match(
      dotenv,
      new RegExp(`^BERTH_TAGS=${repository}:sha-\\w{7} ${repository}:main ${repository}:latest$`, 'm'),
    );
    for (const line of dotenv.trimEnd().split('\n')) assert.match(line, /^BERTH_[A-Z_]+=.*$/);
  });
});

describe('npm run local', () => {
  it("runs the action's main with @github/local-action, inputs from an .env like .env.example", async () => {
    const repository = uniqueRepository('local-action');
    const example = readFileSync(path.join(repoRoot, '.env.example'), 'utf8');
    const envFile = path.join(tempDir('local-action'), '.env');
    writeFileSync(envFile, example.replace(/^INPUT_IMAGE=.*$/m, `INPUT_IMAGE=${repository}`));
    const env = laptopEnv({ BERTH_LOCAL_ENV: envFile });
    const run = await runCommand(['npm', 'run', '-s', 'local'], { cwd: repoRoot, env });
    assert.equal(run.exitCode, 0, run.log);
    assert.match(run.log, /Action Outputs/);
    assert.match(run.log, /'test-exit-code' │ '0'/);
    assert.match(run.log, /'tests' +│ 'passed=2 failed=0 skipped=0'/);
    assert.ok(!containerExists(testContainerOf(run.log.replace(/^::info::/gm, ''))));
  });
});
