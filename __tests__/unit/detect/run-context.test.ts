import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveRunContext, type RunContext } from '../../../src/detect/run-context.js';

const sha = 'f'.repeat(40);

describe('resolveRunContext', () => {
  const rows: [string, Record<string, string>, object, Partial<RunContext>][] = [
    [
      'GitHub push to a branch',
      { GITHUB_SHA: sha, GITHUB_REF: 'refs/heads/dev', GITHUB_EVENT_NAME: 'push' },
      { repository: { default_branch: 'trunk' } },
      { sha, branch: 'dev', gitTag: '', event: 'push', defaultBranch: 'trunk', pullRequest: undefined },
    ],
    [
      'GitHub tag',
      { GITHUB_SHA: sha, GITHUB_REF: 'refs/tags/v1.0.0', GITHUB_EVENT_NAME: 'push' },
      {},
      { branch: '', gitTag: 'v1.0.0', defaultBranch: 'main' },
    ],
    [
      'GitHub pull request',
      {
        GITHUB_SHA: sha,
        GITHUB_REF: 'refs/pull/42/merge',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_HEAD_REF: 'fix/x',
      },
      { number: 42 },
      { branch: 'fix/x', pullRequest: 42, event: 'pull_request' },
    ],
    [
      'GitLab merge request',
      {
        CI_COMMIT_SHA: sha,
        CI_PIPELINE_SOURCE: 'merge_request_event',
        CI_MERGE_REQUEST_IID: '5',
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'mr',
        CI_DEFAULT_BRANCH: 'master',
      },
      {},
      { branch: 'mr', pullRequest: 5, event: 'pull_request', defaultBranch: 'master' },
    ],
    [
      'GitLab tag',
      {
        CI_COMMIT_SHA: sha,
        CI_COMMIT_TAG: 'v3.1.0',
        CI_COMMIT_REF_NAME: 'v3.1.0',
        CI_PIPELINE_SOURCE: 'push',
      },
      {},
      { branch: '', gitTag: 'v3.1.0', event: 'push' },
    ],
    [
      'CircleCI pull request',
      { CIRCLE_SHA1: sha, CIRCLE_BRANCH: 'pull/9', CIRCLE_PULL_REQUEST: 'https://github.com/a/b/pull/9' },
      {},
      { pullRequest: 9, event: 'pull_request' },
    ],
  ];
  for (const [name, env, payload, expected] of rows) {
    it(name, () => {
      const context = resolveRunContext(env, payload, undefined);
      for (const [key, value] of Object.entries(expected))
        assert.deepEqual(context[key as keyof RunContext], value, key);
    });
  }
  it('falls back to git on a local run', () => {
    const git = {
      sha,
      branch: 'topic',
      gitTag: '',
      defaultBranch: '',
      tags: ['v1.0.0'],
      created: '2026-11-30T12:00:00+01:00',
      remote: 'git@example.com:acme/shop.git',
      folder: '/src/shop',
    };
    const context = resolveRunContext(
      {},
      {},
      git,
      'MIT License\n\nPermission is hereby granted, free of charge, ...',
    );
    assert.deepEqual(context, {
      sha,
      branch: 'topic',
      gitTag: '',
      pullRequest: undefined,
      event: 'local',
      defaultBranch: 'main',
      runNumber: '',
      gitTags: ['v1.0.0'],
      source: {
        url: 'https://example.com/acme/shop',
        title: 'shop',
        license: 'MIT',
        created: '2026-11-30T11:00:00Z',
      },
    });
  });
});
