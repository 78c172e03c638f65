// OCI labels over the CIs and their events: the CI's variables go through resolveRunContext, as in a run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageLabels } from '../../../src/build/labels.js';
import { planBuild } from '../../../src/build/image-build.js';
import { parseKeyValues, LABEL_KEYS } from '../../../src/core/input-values.js';
import { resolveRunContext, type GitFacts } from '../../../src/detect/run-context.js';
import { webAddress } from '../../../src/detect/source.js';
import { runVersion } from '../../../src/registry/tags.js';

const sha = 'c0ffee0123456789abcdef0123456789abcdef01';
const git: GitFacts = {
  sha,
  branch: 'main',
  gitTag: '',
  defaultBranch: 'main',
  tags: [],
  created: '2026-11-30T11:00:00+01:00',
  remote: 'https://bot:ghp_secret@git.example.com/acme/shop.git',
  folder: '/src/shop',
};
const MIT =
  'MIT License\n\nCopyright (c) 2026 Acme\n\nPermission is hereby granted, free of charge, to any person';
const APACHE =
  '                                 Apache License\n                           Version 2.0, January 2004\n';
const OCI = 'org.opencontainers.image';

function labelsOf(
  env: Record<string, string>,
  payload: object,
  license: string,
  facts: Partial<GitFacts> = {},
  extra = '',
): Record<string, string> {
  const context = resolveRunContext(env, payload, { ...git, ...facts }, license);
  return imageLabels(context, runVersion(context), parseKeyValues('labels', extra, LABEL_KEYS));
}

const expected = (url: string, title: string, version: string, license: string, created: string) => ({
  [`${OCI}.source`]: url,
  [`${OCI}.url`]: url,
  [`${OCI}.revision`]: sha,
  [`${OCI}.version`]: version,
  [`${OCI}.title`]: title,
  ...(license ? { [`${OCI}.licenses`]: license } : {}),
  [`${OCI}.created`]: created,
});

describe('OCI labels over CIs and events', () => {
  const github = (ref: string, event: string) => ({
    GITHUB_SHA: sha,
    GITHUB_REF: ref,
    GITHUB_EVENT_NAME: event,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
  });
  const gitlab = (extra: Record<string, string>) => ({
    CI_COMMIT_SHA: sha,
    CI_PROJECT_URL: 'https://gitlab.example.com/acme/shop',
    CI_PROJECT_NAME: 'shop',
    CI_COMMIT_TIMESTAMP: '2026-11-29T08:00:00+00:00',
    ...extra,
  });
  const circle = (extra: Record<string, string>) => ({
    CIRCLE_SHA1: sha,
    CIRCLE_REPOSITORY_URL: 'git@github.com:acme/shop.git',
    CIRCLE_PROJECT_REPONAME: 'shop',
    ...extra,
  });
  const gh = 'https://github.com/acme/shop';
  const gl = 'https://gitlab.example.com/acme/shop';
  const rows: [string, Record<string, string>, object, string, Partial<GitFacts>, Record<string, string>][] =
    [
      [
        'GitHub push: license and commit time from the payload',
        github('refs/heads/main', 'push'),
        {
          repository: { license: { spdx_id: 'Apache-2.0' } },
          head_commit: { timestamp: '2026-11-28T09:30:00-05:00' },
        },
        MIT,
        {},
        expected(gh, 'shop', 'main', 'Apache-2.0', '2026-11-28T14:30:00Z'),
      ],
      [
        'GitHub tag: license from the file, time from git',
        github('refs/tags/v1.2.3', 'push'),
        {},
        MIT,
        {},
        expected(gh, 'shop', '1.2.3', 'MIT', '2026-11-30T10:00:00Z'),
      ],
      [
        'GitHub pull request',
        github('refs/pull/3/merge', 'pull_request'),
        { number: 3, repository: { license: { spdx_id: 'NOASSERTION' } } },
        APACHE,
        {},
        expected(gh, 'shop', 'pr-3', 'Apache-2.0', '2026-11-30T10:00:00Z'),
      ],
      [
        'GitHub schedule',
        github('refs/heads/main', 'schedule'),
        {},
        '',
        {},
        expected(gh, 'shop', 'main', '', '2026-11-30T10:00:00Z'),
      ],
      [
        'GitHub manual run',
        github('refs/heads/dev', 'workflow_dispatch'),
        {},
        MIT,
        {},
        expected(gh, 'shop', 'dev', 'MIT', '2026-11-30T10:00:00Z'),
      ],
      [
        'GitLab push',
        gitlab({ CI_COMMIT_BRANCH: 'main', CI_PIPELINE_SOURCE: 'push' }),
        {},
        MIT,
        {},
        expected(gl, 'shop', 'main', 'MIT', '2026-11-29T08:00:00Z'),
      ],
      [
        'GitLab tag',
        gitlab({ CI_COMMIT_TAG: 'v2.0.0-rc.1', CI_PIPELINE_SOURCE: 'push' }),
        {},
        MIT,
        {},
        expected(gl, 'shop', '2.0.0-rc.1', 'MIT', '2026-11-29T08:00:00Z'),
      ],
      [
        'GitLab merge request',
        gitlab({ CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '8' }),
        {},
        '',
        {},
        expected(gl, 'shop', 'pr-8', '', '2026-11-29T08:00:00Z'),
      ],
      [
        'GitLab schedule',
        gitlab({ CI_COMMIT_BRANCH: 'main', CI_PIPELINE_SOURCE: 'schedule' }),
        {},
        '',
        {},
        expected(gl, 'shop', 'main', '', '2026-11-29T08:00:00Z'),
      ],
      [
        'CircleCI push: the SSH remote as a web address',
        circle({ CIRCLE_BRANCH: 'main' }),
        {},
        MIT,
        {},
        expected(gh, 'shop', 'main', 'MIT', '2026-11-30T10:00:00Z'),
      ],
      [
        'CircleCI tag',
        circle({ CIRCLE_TAG: 'v3.0.0' }),
        {},
        '',
        {},
        expected(gh, 'shop', '3.0.0', '', '2026-11-30T10:00:00Z'),
      ],
      [
        'local run: git remote without its credentials',
        {},
        {},
        MIT,
        { branch: 'topic' },
        expected('https://git.example.com/acme/shop', 'shop', 'topic', 'MIT', '2026-11-30T10:00:00Z'),
      ],
      [
        'local run with no remote: the folder names it',
        {},
        {},
        '',
        { remote: '', created: '' },
        { [`${OCI}.revision`]: sha, [`${OCI}.version`]: 'main', [`${OCI}.title`]: 'shop' },
      ],
    ];
  for (const [name, env, payload, license, facts, labels] of rows)
    it(name, () => assert.deepEqual(labelsOf(env, payload, license, facts), labels));

  it('the labels input adds and overrides', () => {
    const labels = labelsOf({}, {}, MIT, {}, `${OCI}.title=Shop\ncom.example/team=payments`);
    assert.equal(labels[`${OCI}.title`], 'Shop');
    assert.equal(labels['com.example/team'], 'payments');
    assert.equal(labels[`${OCI}.licenses`], 'MIT');
  });

  it('go to the build as --label, with every tag', () => {
    const plan = planBuild({
      builder: 'buildkit',
      context: '.',
      file: 'Dockerfile',
      target: '',
      buildArgs: [],
      tags: ['a/b:1'],
      labels: { [`${OCI}.revision`]: sha, 'x.y': 'has spaces = and equals' },
      cacheFrom: [],
      iidFile: 'iid',
    });
    assert.deepEqual(plan.argv.slice(plan.argv.indexOf('--label'), plan.argv.indexOf('--tag')), [
      '--label',
      `${OCI}.revision=${sha}`,
      '--label',
      'x.y=has spaces = and equals',
    ]);
  });

  it('refuses a label key that is not one', () =>
    assert.throws(
      () => parseKeyValues('labels', 'a b=1', LABEL_KEYS),
      /^Error: labels: line 1 is not KEY=VALUE/,
    ));
});

describe('webAddress', () => {
  const rows: [string, string][] = [
    ['git@github.com:acme/shop.git', 'https://github.com/acme/shop'],
    ['ssh://git@gitlab.example.com:2222/acme/shop.git', 'https://gitlab.example.com/acme/shop'],
    ['https://user:token@github.com/acme/shop.git/', 'https://github.com/acme/shop'],
    ['/srv/git/shop.git', ''],
    ['not a remote', ''],
  ];
  for (const [remote, url] of rows) it(remote, () => assert.equal(webAddress(remote), url));
});
