// Each example of examples/ run as its CI would run it, on the testbed: the GitHub workflow's berth step
// (the bundled action with the step's own inputs, a registry that wants the password in place of
// ghcr.io), the same under act (a job container with the engine's socket bound, the workspace on a
// volume), the GitLab job (the CLI in a job container beside a docker:dind service with TLS, no
// DOCKER_HOST, outputs as a dotenv report) and the CircleCI job (the CLI against the remote TLS daemon by
// its address, certificates copied in, no bind mount). The laptop's `npx berth` is in cli.test.ts.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Job, tempDir } from '../helpers/action-runner.js';
import { sampleApp } from '../helpers/cli-runs.js';
import { circleciVariables, gitlabVariables } from '../helpers/dind-jobs.js';
import { dindDocker, startDind, type Dind } from '../helpers/dind.js';
import { berthStepInputs, cliJob, expandVariables, readExample, runScript } from '../helpers/examples.js';
import { startAuthRegistry } from '../helpers/registries.js';
import {
  checkCiAndVisibility,
  checkPipeline,
  checkPushed,
  testContainerOf,
} from '../helpers/scenario-checks.js';
import { debianImage, Scope } from '../helpers/scope.js';
import { runSocketJob } from '../helpers/socket-jobs.js';
import { dockerHost, randomSha, registry, withoutCacheTags } from '../helpers/testbed.js';

const unique = (): string => randomBytes(4).toString('hex');

describe('the examples, as their CIs run them', () => {
  const scope = new Scope();
  let image = '';
  let dind: Dind;
  before(async () => {
    image = debianImage();
    dind = await startDind(scope, image, { tls: true });
  });
  after(() => assert.deepEqual(scope.cleanup(), [], 'everything the examples created was removed'));

  it("GitHub: the workflow's berth step logs in, builds, tests, pushes; post logs out", async () => {
    const auth = await startAuthRegistry('octocat', `token-${unique()}`);
    try {
      const workspace = path.join(tempDir('checkout'), 'shop');
      cpSync(sampleApp, workspace, { recursive: true });
      const inputs = berthStepInputs(
        'github/workflow.yml',
        {
          'github.repository': 'acme/shop',
          'github.actor': auth.username,
          'secrets.GITHUB_TOKEN': auth.password,
        },
        { example: 'ghcr.io', test: auth.host },
      );
      assert.equal(inputs.image, `${auth.host}/acme/shop`);
      const sha = randomSha();
      const job = new Job({
        inputs,
        workspace,
        event: { repository: { default_branch: 'main' } },
        env: {
          DOCKER_HOST: dockerHost(),
          GITHUB_SHA: sha,
          GITHUB_REF: 'refs/heads/main',
          GITHUB_EVENT_NAME: 'push',
        },
      });
      const main = await job.main();
      checkPipeline(main, ['detect', 'login', 'build', 'test', 'artifacts', 'push']);
      const shown = main.log.split('\n').filter((line) => line.includes(auth.password));
      assert.ok(
        shown.length > 0 && shown.every((line) => line.startsWith('::add-mask::')),
        'the token is masked',
      );
      assert.deepEqual(withoutCacheTags(await auth.tags('acme/shop')), [
        'latest',
        'main',
        `sha-${sha.slice(0, 7)}`,
      ]);
      assert.match(
        readFileSync(path.join(workspace, 'berth-artifacts', 'junit.xml'), 'utf8'),
        /failures="0"/,
      );
      const post = await job.post();
      assert.equal(post.exitCode, 0, post.log);
      // the login went to a docker config of the job's own, which post removed: the user's has none
      const userConfig = path.join(job.env.DOCKER_CONFIG ?? '', 'config.json');
      const config = JSON.parse(existsSync(userConfig) ? readFileSync(userConfig, 'utf8') : '{}') as {
        auths?: object;
      };
      assert.ok(!Object.hasOwn(config.auths ?? {}, auth.host), 'post logged out');
    } finally {
      await auth.stop();
    }
  });

  it('act: the same step in a job container with the socket bound and the workspace on a volume', async () => {
    const repository = `e2e/act-example-${unique()}`;
    const inputs = berthStepInputs(
      'github/workflow.yml',
      { 'github.repository': repository, 'github.actor': 'nektos', 'secrets.GITHUB_TOKEN': 'unused' },
      { example: 'ghcr.io', test: registry() },
    );
    const { main } = await runSocketJob(scope, {
      label: 'act-example',
      image,
      workspace: `/home/act-${unique()}/shop`,
      actionDir: '/run/act/actions/berth',
      stepsDir: '/run/act/workflow',
      env: { ACT: 'true', RUNNER_TEMP: '/tmp' },
      inputs,
    });
    assert.match(main.log, /login: done/);
    checkCiAndVisibility(main, 'act');
  });

  it('GitLab: the CLI beside docker:dind with TLS, no DOCKER_HOST, pushes CI_REGISTRY_IMAGE, outputs as dotenv', async () => {
    const example = readExample('gitlab/.gitlab-ci.yml') as Record<
      string,
      {
        services?: string[];
        variables?: Record<string, string>;
        script?: string[];
        artifacts?: { reports?: { dotenv?: string } };
      }
    >;
    const build = example['image-build'];
    assert.ok(build?.script && build.variables, 'the example has the image-build job');
    assert.deepEqual(build.services, ['docker:dind']);
    const sha = randomSha();
    const project = `group/project-${unique()}`;
    const predefined = gitlabVariables(sha, {
      CI_REGISTRY: dind.registry.inside,
      CI_REGISTRY_IMAGE: `${dind.registry.inside}/${project}`,
      // the test's registry wants no login: GitLab's job token is not there
      CI_REGISTRY_USER: '',
      CI_REGISTRY_PASSWORD: '',
    });
    const variables = Object.fromEntries(
      Object.entries(build.variables).map(([name, value]) => [
        name,
        expandVariables(String(value), predefined),
      ]),
    );
    assert.equal(variables.DOCKER_TLS_CERTDIR, '/certs');
    const workspace = predefined.CI_PROJECT_DIR ?? '';
    // the service shares its client certificates; the Debian image has the docker CLI before_script installs
    const job = cliJob(scope, {
      label: 'gitlab-example',
      image,
      network: dind.network,
      workspace,
      runArgs: ['--volume', `${dind.certsVolume}:/certs/client:ro`],
      env: { ...predefined, ...variables },
    });
    const run = await runScript(job, build.script);
    assert.equal(run.exitCode, 0, run.log);
    assert.doesNotMatch(run.log, /^::/m, 'workflow commands are rendered, not printed');
    assert.match(run.log, /section_start:\d+:build\[collapsed=true\]/, "GitLab's collapsible sections");

    const dotenv = job.exec('cat', path.posix.join(workspace, build.artifacts?.reports?.dotenv ?? ''));
    // GitLab's dotenv report: NAME=value lines, nothing else, under 5 KiB
    assert.ok(dotenv.length < 5 * 1024, `${dotenv.length} B`);
    for (const line of dotenv.trimEnd().split('\n')) assert.match(line, /^[A-Z0-9_]+=[^\n]*$/);
    const outputs = Object.fromEntries(
      dotenv
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    const pushed = `${dind.registry.inside}/${project}`;
    assert.equal(outputs.BERTH_TAGS, `${pushed}:sha-${sha.slice(0, 7)} ${pushed}:main ${pushed}:latest`);
    const environment = JSON.parse(outputs.BERTH_ENVIRONMENT ?? '{}') as {
      ci?: { kind?: string };
      daemon?: { host?: string; source?: string };
    };
    assert.equal(environment.ci?.kind, 'gitlab');
    assert.equal(environment.daemon?.host, 'tcp://docker:2376');
    assert.match(environment.daemon?.source ?? '', /dind/i);
    await checkPushed(`${dind.registry.outside}/${project}`, sha);
    const reports = job.copyOut(path.posix.join(workspace, 'berth-artifacts'));
    assert.match(readFileSync(path.join(reports, 'junit.xml'), 'utf8'), /tests="2" failures="0"/);
    const container = testContainerOf(run.log);
    assert.equal(dindDocker(dind, 'ps', '--all', '--quiet', '--filter', `name=^${container}$`).trim(), '');
  });

  it('CircleCI: the CLI against the remote TLS daemon by address, no bind mount', async () => {
    const example = readExample('circleci/config.yml') as {
      jobs: {
        image: { environment: Record<string, string>; steps: (string | { run?: { command: string } })[] };
      };
    };
    const { environment, steps } = example.jobs.image;
    assert.ok(steps.includes('setup_remote_docker'), 'the example starts the remote docker');
    const command = steps.flatMap((step) => (typeof step === 'object' && step.run ? [step.run.command] : []));
    const sha = randomSha();
    const repository = `acme/shop-${unique()}`;
    const certPath = '/tmp/docker-certs42';
    const job = cliJob(scope, {
      label: 'circleci-example',
      image,
      network: dind.network,
      workspace: '/root/project',
      env: {
        ...circleciVariables(sha, {
          DOCKER_HOST: `tcp://${dind.ip}:2376`,
          DOCKER_TLS_VERIFY: '1',
          DOCKER_CERT_PATH: certPath,
        }),
        ...environment,
        BERTH_IMAGE: `${dind.registry.inside}/${repository}`,
        // the context's password: the test's registry takes any login
        BERTH_PASSWORD: 'from-the-context',
      },
    });
    // setup_remote_docker's client certificates, copied into the job (CircleCI writes them there)
    job.copyIn(`${dind.certs?.client}/.`, certPath, false);
    const run = await runScript(job, command);
    assert.equal(run.exitCode, 0, run.log);
    const outputs = JSON.parse(job.exec('cat', '/root/project/berth.json')) as Record<string, string>;
    const found = JSON.parse(outputs.environment ?? '{}') as {
      ci?: { kind?: string };
      daemon?: { host?: string; source?: string };
      workspace?: { visible?: boolean };
    };
    assert.equal(found.ci?.kind, 'circleci');
    assert.equal(found.daemon?.host, `tcp://${dind.ip}:2376`);
    assert.equal(found.daemon?.source, 'DOCKER_HOST');
    assert.equal(found.workspace?.visible, false, 'the remote daemon does not see the job');
    assert.equal(outputs.tests, 'passed=2 failed=0 skipped=0');
    await checkPushed(`${dind.registry.outside}/${repository}`, sha);
  });
});
