import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRepository, toTag, type Repository } from '../../../src/core/image-ref.js';
import type { RunContext } from '../../../src/detect/run-context.js';
import { imageTags, runTags, versionTags } from '../../../src/registry/tags.js';

const sha = '0123456789abcdef0123456789abcdef01234567';
const base: RunContext = {
  sha,
  branch: 'main',
  gitTag: '',
  pullRequest: undefined,
  event: 'push',
  defaultBranch: 'main',
};
const repo = parseRepository('ghcr.io/acme/shop') as Repository;

describe('runTags', () => {
  const rows: [string, Partial<RunContext>, string[]][] = [
    ['default branch', {}, ['sha-0123456', 'main', 'latest']],
    ['other branch made tag-safe', { branch: 'feature/Login#2' }, ['sha-0123456', 'feature-Login-2']],
    [
      'default branch from the payload',
      { branch: 'trunk', defaultBranch: 'trunk' },
      ['sha-0123456', 'trunk', 'latest'],
    ],
    ['release tag', { branch: '', gitTag: 'v1.2.3' }, ['sha-0123456', '1.2.3', '1.2', '1']],
    ['pre-release tag', { branch: '', gitTag: 'v2.0.0-rc.1' }, ['sha-0123456', '2.0.0-rc.1']],
    ['non-semver tag', { branch: '', gitTag: 'release/2024' }, ['sha-0123456', 'release-2024']],
    ['pull request', { branch: 'feature/x', pullRequest: 7, event: 'pull_request' }, ['sha-0123456', 'pr-7']],
    ['no commit known', { sha: '', branch: 'dev' }, ['dev']],
  ];
  for (const [name, change, expected] of rows) {
    it(name, () => assert.deepEqual(runTags({ ...base, ...change }), expected));
  }
});

describe('imageTags', () => {
  it('puts the run tags on the image, then extra references, without repeats', () => {
    assert.deepEqual(imageTags(repo, base, ['ghcr.io/acme/shop:main', 'ghcr.io/acme/shop:edge']), [
      'ghcr.io/acme/shop:sha-0123456',
      'ghcr.io/acme/shop:main',
      'ghcr.io/acme/shop:latest',
      'ghcr.io/acme/shop:edge',
    ]);
  });
});

describe('versionTags and toTag', () => {
  it('ignores what is not a version', () => assert.deepEqual(versionTags('nightly'), []));
  it('accepts a tag without v', () => assert.deepEqual(versionTags('0.4.1'), ['0.4.1', '0.4', '0']));
  it('keeps tags within 128 characters and valid at both ends', () => {
    assert.equal(toTag('-.x'.repeat(100)).length <= 128, true);
    assert.match(toTag('-.x'.repeat(100)), /^[A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]$/);
    assert.equal(toTag('///'), 'untagged');
  });
});
