// Tags over the CIs and their events: the CI's variables go through resolveRunContext, as in a run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseRepository, toTag, type Repository } from '../../../src/core/image-ref.js';
import { items } from '../../../src/core/input-values.js';
import { resolveRunContext, type GitFacts, type RunContext } from '../../../src/detect/run-context.js';
import { computeTags, versionTags, type TagSettings } from '../../../src/registry/tags.js';
import { formatDate, renderTemplate, splitEntry, templateError } from '../../../src/registry/templates.js';

const sha = '0123456789abcdef0123456789abcdef01234567';
const repo = parseRepository('ghcr.io/acme/shop') as Repository;
const now = new Date('2026-12-01T08:09:10Z');
const defaults: TagSettings = { entries: [], defaultTags: true, prefix: '', suffix: '', latest: 'auto' };
const git: GitFacts = {
  sha,
  branch: 'main',
  gitTag: '',
  defaultBranch: 'main',
  tags: ['v1.2.3', 'v1.1.0', 'v2.0.0-rc.1', 'v0.9.0', 'nightly'],
  created: '2026-11-30T10:00:00Z',
  remote: 'https://github.com/acme/shop.git',
  folder: '/work/shop',
};

/** The tags (bare, `name:` dropped for the image's own) and the version a run with these variables gets. */
function tagsOf(
  env: Record<string, string>,
  payload: object = {},
  settings: Partial<TagSettings> = {},
  facts: Partial<GitFacts> = {},
): { tags: string[]; version: string } {
  const context = resolveRunContext(env, payload, { ...git, ...facts });
  const computed = computeTags(repo, { ...defaults, ...settings }, context, now);
  const tags = computed.tags.map(({ ref }) => ref.replace(`${repo.name}:`, ''));
  return { tags, version: computed.version };
}

const gh = (ref: string, event: string, extra: Record<string, string> = {}): Record<string, string> => ({
  GITHUB_SHA: sha,
  GITHUB_REF: ref,
  GITHUB_EVENT_NAME: event,
  GITHUB_RUN_NUMBER: '41',
  ...extra,
});
const gl = (extra: Record<string, string>): Record<string, string> => ({
  CI_COMMIT_SHA: sha,
  CI_DEFAULT_BRANCH: 'main',
  CI_PIPELINE_IID: '17',
  ...extra,
});
const circle = (extra: Record<string, string>): Record<string, string> => ({
  CIRCLE_SHA1: sha,
  CIRCLE_BUILD_NUM: '99',
  ...extra,
});

describe('default tags over CIs and events', () => {
  const rows: [string, Record<string, string>, object, Partial<GitFacts>, string[], string][] = [
    [
      'GitHub push to the default branch',
      gh('refs/heads/main', 'push'),
      {},
      {},
      ['sha-0123456', 'main', 'latest'],
      'main',
    ],
    [
      'GitHub push to a branch',
      gh('refs/heads/feature/Login#2', 'push'),
      {},
      {},
      ['sha-0123456', 'feature-Login-2'],
      'feature-Login-2',
    ],
    [
      'GitHub default branch from the payload',
      gh('refs/heads/trunk', 'push'),
      { repository: { default_branch: 'trunk' } },
      {},
      ['sha-0123456', 'trunk', 'latest'],
      'trunk',
    ],
    [
      'GitHub tag, the highest release',
      gh('refs/tags/v1.2.3', 'push'),
      {},
      {},
      ['sha-0123456', '1.2.3', '1.2', '1', 'latest'],
      '1.2.3',
    ],
    [
      'GitHub tag, an older release',
      gh('refs/tags/v1.1.0', 'push'),
      {},
      {},
      ['sha-0123456', '1.1.0', '1.1', '1'],
      '1.1.0',
    ],
    [
      'GitHub tag, a pre-release',
      gh('refs/tags/v2.0.0-rc.1', 'push'),
      {},
      {},
      ['sha-0123456', '2.0.0-rc.1'],
      '2.0.0-rc.1',
    ],
    [
      'GitHub tag, a 0.x release: no 0 tag',
      gh('refs/tags/v0.9.0', 'push'),
      {},
      { tags: ['v0.9.0'] },
      ['sha-0123456', '0.9.0', '0.9', 'latest'],
      '0.9.0',
    ],
    [
      'GitHub tag, not a version',
      gh('refs/tags/nightly', 'push'),
      {},
      {},
      ['sha-0123456', 'nightly'],
      'nightly',
    ],
    [
      'GitHub pull request',
      gh('refs/pull/42/merge', 'pull_request', { GITHUB_HEAD_REF: 'fix/x' }),
      { number: 42 },
      {},
      ['sha-0123456', 'pr-42'],
      'pr-42',
    ],
    [
      'GitHub schedule on the default branch',
      gh('refs/heads/main', 'schedule'),
      {},
      {},
      ['sha-0123456', 'main', 'latest'],
      'main',
    ],
    [
      'GitHub manual run on a branch',
      gh('refs/heads/dev', 'workflow_dispatch'),
      {},
      {},
      ['sha-0123456', 'dev'],
      'dev',
    ],
    [
      'GitLab push to the default branch',
      gl({ CI_COMMIT_BRANCH: 'main', CI_PIPELINE_SOURCE: 'push' }),
      {},
      {},
      ['sha-0123456', 'main', 'latest'],
      'main',
    ],
    [
      'GitLab tag',
      gl({ CI_COMMIT_TAG: 'v1.2.3', CI_PIPELINE_SOURCE: 'push' }),
      {},
      {},
      ['sha-0123456', '1.2.3', '1.2', '1', 'latest'],
      '1.2.3',
    ],
    [
      'GitLab merge request',
      gl({
        CI_PIPELINE_SOURCE: 'merge_request_event',
        CI_MERGE_REQUEST_IID: '5',
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'mr',
      }),
      {},
      {},
      ['sha-0123456', 'pr-5'],
      'pr-5',
    ],
    [
      'GitLab schedule',
      gl({ CI_COMMIT_BRANCH: 'main', CI_PIPELINE_SOURCE: 'schedule' }),
      {},
      {},
      ['sha-0123456', 'main', 'latest'],
      'main',
    ],
    [
      'GitLab manual (web) run',
      gl({ CI_COMMIT_BRANCH: 'dev', CI_PIPELINE_SOURCE: 'web' }),
      {},
      {},
      ['sha-0123456', 'dev'],
      'dev',
    ],
    ['CircleCI push', circle({ CIRCLE_BRANCH: 'main' }), {}, {}, ['sha-0123456', 'main', 'latest'], 'main'],
    ['CircleCI tag', circle({ CIRCLE_TAG: 'v1.1.0' }), {}, {}, ['sha-0123456', '1.1.0', '1.1', '1'], '1.1.0'],
    [
      'CircleCI pull request',
      circle({ CIRCLE_BRANCH: 'pull/9', CIRCLE_PULL_REQUEST: 'https://github.com/a/b/pull/9' }),
      {},
      {},
      ['sha-0123456', 'pr-9'],
      'pr-9',
    ],
    ['local run on a branch', {}, {}, { branch: 'topic' }, ['sha-0123456', 'topic'], 'topic'],
    [
      'local run on a tag',
      {},
      {},
      { branch: '', gitTag: 'v1.2.3' },
      ['sha-0123456', '1.2.3', '1.2', '1', 'latest'],
      '1.2.3',
    ],
    ['no commit known', {}, {}, { sha: '', branch: 'dev' }, ['dev'], 'dev'],
  ];
  for (const [name, env, payload, facts, tags, version] of rows)
    it(name, () => assert.deepEqual(tagsOf(env, payload, {}, facts), { tags, version }));
});

describe('tags input, default-tags, prefix, suffix, latest', () => {
  const push = gh('refs/heads/main', 'push');
  const rows: [string, Record<string, string>, Partial<TagSettings>, string[]][] = [
    [
      'default tags off: the templates alone',
      push,
      { defaultTags: false, entries: ['{{branch}}-{{sha}}', 'run-{{run}}'] },
      ['main-0123456', 'run-41'],
    ],
    [
      'date with a format, in UTC',
      push,
      { defaultTags: false, entries: ["nightly-{{date 'YYYYMMDD'}}", "{{date 'YYMMDD-HHmmss'}}"] },
      ['nightly-20261201', '261201-080910'],
    ],
    [
      'a template with no value is left out',
      push,
      { defaultTags: false, entries: ['pr-{{pr}}', '{{version}}', 'edge'] },
      ['edge'],
    ],
    [
      'version templates on a release',
      gh('refs/tags/v1.2.3', 'push'),
      { defaultTags: false, entries: ['{{major}}.{{minor}}', 'v{{version}}', '{{patch}}'] },
      ['1.2', 'v1.2.3', '3'],
    ],
    [
      'prefix and suffix on what berth computes, not on literal tags or latest',
      push,
      { prefix: 'app-', suffix: '-alpine', entries: ['edge', '{{run}}'] },
      ['app-sha-0123456-alpine', 'app-main-alpine', 'latest', 'edge', 'app-41-alpine'],
    ],
    ['latest: false', push, { latest: 'false' }, ['sha-0123456', 'main']],
    [
      'latest: true on a branch',
      gh('refs/heads/dev', 'push'),
      { latest: 'true' },
      ['sha-0123456', 'dev', 'latest'],
    ],
    ['latest: auto follows default-tags: false', push, { defaultTags: false, entries: ['edge'] }, ['edge']],
    [
      'a full reference with a template',
      push,
      { entries: ['registry.example:5000/mirror/shop:{{sha}}'] },
      ['sha-0123456', 'main', 'latest', 'registry.example:5000/mirror/shop:0123456'],
    ],
    [
      'repeats are dropped, the first rule stays',
      push,
      { entries: ['main', '{{branch}}'] },
      ['sha-0123456', 'main', 'latest'],
    ],
  ];
  for (const [name, env, settings, tags] of rows)
    it(name, () => assert.deepEqual(tagsOf(env, {}, settings).tags, tags));

  it('says which rule made each tag and what was left out', () => {
    const context = resolveRunContext(gh('refs/tags/v0.9.0', 'push'), {}, { ...git, tags: ['v0.9.0'] });
    const computed = computeTags(repo, { ...defaults, entries: ['pr-{{pr}}'] }, context, now);
    assert.deepEqual(
      computed.tags.map(({ rule }) => rule),
      [
        'default: the commit',
        'default: the version tag v0.9.0 (no 0 tag for a 0.x version)',
        'default: the version tag v0.9.0 (no 0 tag for a 0.x version)',
        'latest: auto, v0.9.0 is the highest release',
      ],
    );
    assert.deepEqual(computed.left, ['tags: pr-{{pr}} (a template has no value in this run)']);
  });

  it('refuses a computed tag that is not valid, naming the input', () => {
    const context = resolveRunContext(push, {}, git);
    assert.throws(
      () => computeTags(repo, { ...defaults, entries: [`${'x'.repeat(125)}{{sha}}`] }, context, now),
      /^Error: tags: 'x+0123456' \(tags: x+\{\{sha\}\}\) is not a valid tag$/,
    );
  });
});

describe('templates', () => {
  it('checks the names and the date format', () => {
    assert.equal(templateError('{{sha}}-{{ branch }}'), undefined);
    assert.match(templateError('{{commit}}') ?? '', /\{\{commit\}\} is not a template/);
    assert.match(templateError('{{date}}') ?? '', /needs a format in quotes/);
    assert.match(templateError('{{sha') ?? '', /a '\{\{' or '\}\}' with no template/);
  });
  it('splits full references from tags, templates with colons included', () => {
    assert.deepEqual(splitEntry("{{date 'HH:mm'}}"), { name: '', tag: "{{date 'HH:mm'}}" });
    assert.deepEqual(splitEntry('localhost:5000/a/b:{{sha}}'), {
      name: 'localhost:5000/a/b',
      tag: '{{sha}}',
    });
    assert.deepEqual(splitEntry('shop:edge'), { name: 'shop', tag: 'edge' });
    assert.deepEqual(splitEntry('edge'), { name: '', tag: 'edge' });
  });
  it('formats the tokens of a date and keeps the rest', () =>
    assert.equal(formatDate(now, 'YYYY.MM.DD_HH-mm-ss x'), '2026.12.01_08-09-10 x'));
  it('renders nothing when one value is empty', () =>
    assert.equal(
      renderTemplate('{{sha}}-{{pr}}', {
        sha: 'a',
        branch: '',
        version: '',
        major: '',
        minor: '',
        patch: '',
        pr: '',
        run: '',
        now,
      }),
      undefined,
    ));
});

describe('lists take lines or commas', () => {
  it('splits on both, keeping commas inside templates', () =>
    assert.deepEqual(items("edge,nightly\n# note\n {{date 'YYYY,MM'}} , x\n"), [
      'edge',
      'nightly',
      "{{date 'YYYY,MM'}}",
      'x',
    ]));
});

describe('versionTags and toTag', () => {
  it('ignores what is not a version', () => assert.deepEqual(versionTags('nightly'), []));
  it('accepts a tag without v, with no 0 tag', () =>
    assert.deepEqual(versionTags('0.4.1'), ['0.4.1', '0.4']));
  it('keeps tags within 128 characters and valid at both ends', () => {
    assert.equal(toTag('-.x'.repeat(100)).length <= 128, true);
    assert.match(toTag('-.x'.repeat(100)), /^[A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]$/);
    assert.equal(toTag('///'), 'untagged');
  });
  it('makes a valid tag of any branch name (property)', () =>
    fc.assert(
      fc.property(fc.string(), (branch) => {
        const context: RunContext = resolveRunContext({}, {}, { ...git, branch, tags: [] });
        for (const { ref } of computeTags(repo, defaults, context, now).tags)
          assert.match(ref.slice(repo.name.length + 1), /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/);
      }),
    ));
});
