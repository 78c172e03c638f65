// Which CI: recorded environments of each runner, with what ci-info says about them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectCi, type CiKind, type Vendor } from '../../../src/detect/ci.js';

const GITHUB: Vendor = { name: 'GitHub Actions', isCI: true };
const NONE: Vendor = { name: null, isCI: false };

const rows: [string, Record<string, string>, Vendor, CiKind, RegExp][] = [
  [
    'GitHub-hosted runner',
    {
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      RUNNER_ENVIRONMENT: 'github-hosted',
      GITHUB_WORKSPACE: '/home/runner/work/r/r',
    },
    GITHUB,
    'github-hosted',
    /GitHub-hosted/,
  ],
  [
    'self-hosted runner',
    { GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'self-hosted', GITHUB_WORKSPACE: '/srv/runner/_work/r/r' },
    GITHUB,
    'github-self-hosted',
    /self-hosted/,
  ],
  ['runner without RUNNER_ENVIRONMENT', { GITHUB_ACTIONS: 'true' }, GITHUB, 'github-self-hosted', /unset/],
  [
    'GitHub container job',
    { GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted', GITHUB_WORKSPACE: '/__w/shop/shop' },
    GITHUB,
    'github-container',
    /\/__w/,
  ],
  [
    'act (ACT=true, which also sets GITHUB_ACTIONS)',
    { ACT: 'true', GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: '/home/u/shop' },
    GITHUB,
    'act',
    /nektos/,
  ],
  [
    'act without ACT, by its event path',
    { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: '/var/run/act/workflow/event.json' },
    GITHUB,
    'act',
    /nektos/,
  ],
  [
    'GitLab docker executor',
    { GITLAB_CI: 'true', CI: 'true', CI_SERVER: 'yes', CI_DISPOSABLE_ENVIRONMENT: 'true' },
    { name: 'GitLab CI', isCI: true },
    'gitlab',
    /disposable/,
  ],
  [
    'GitLab shell executor',
    { GITLAB_CI: 'true', CI_SHARED_ENVIRONMENT: 'true' },
    { name: 'GitLab CI', isCI: true },
    'gitlab',
    /shared/,
  ],
  [
    'CircleCI with setup_remote_docker',
    {
      CIRCLECI: 'true',
      DOCKER_HOST: 'tcp://10.0.0.5:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_MACHINE_NAME: '84380',
    },
    { name: 'CircleCI', isCI: true },
    'circleci',
    /remote docker/,
  ],
  [
    'CircleCI machine executor',
    { CIRCLECI: 'true' },
    { name: 'CircleCI', isCI: true },
    'circleci',
    /no remote/,
  ],
  [
    'Gitea Actions',
    { GITHUB_ACTIONS: 'true', GITEA_ACTIONS: 'true' },
    { name: 'Gitea Actions', isCI: true },
    'other',
    /^$/,
  ],
  ['Jenkins', { JENKINS_URL: 'http://j', BUILD_ID: '7' }, { name: 'Jenkins', isCI: true }, 'other', /^$/],
  ['an unnamed CI', { CI: 'true' }, { name: null, isCI: true }, 'other', /^$/],
  ['a laptop', { HOME: '/home/u' }, NONE, 'local', /not in a CI/],
];

describe('detectCi', () => {
  for (const [name, env, vendor, kind, detail] of rows) {
    it(name, () => {
      const ci = detectCi(env, vendor);
      assert.equal(ci.kind, kind);
      assert.match(ci.detail, detail);
    });
  }
  it('names the vendor ci-info found for other CIs', () =>
    assert.equal(detectCi({ JENKINS_URL: 'x' }, { name: 'Jenkins', isCI: true }).vendor, 'Jenkins'));
});
