import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseSettings, testCommands } from '../../src/inputs.js';
import { parseKeyValues } from '../../src/core/input-values.js';

const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

/** A workspace with the Dockerfiles the rows name. */
const ws = mkdtempSync(path.join(tmpdir(), 'berth-inputs-'));
writeFileSync(path.join(ws, 'Dockerfile'), 'FROM busybox\n');
mkdirSync(path.join(ws, 'app'));
mkdirSync(path.join(ws, 'docker'));
writeFileSync(path.join(ws, 'docker', 'Dockerfile.ci'), 'FROM busybox\n');

describe('parseSettings', () => {
  it('fills the defaults', () => {
    const settings = parseSettings(read({ image: 'ghcr.io/acme/shop' }), ws);
    assert.equal(settings.build.context, ws);
    assert.equal(settings.build.file, `${ws}/Dockerfile`);
    assert.equal(settings.test.artifactsPath, '/artifacts');
    assert.equal(settings.test.artifactsDest, `${ws}/berth-artifacts`);
    assert.equal(settings.publish.push, 'auto');
    assert.equal(settings.publish.retries, 3);
    assert.deepEqual(settings.publish.logins, []);
    assert.equal(settings.publish.logout, true);
    assert.equal(settings.build.cache, 'registry', 'no cache input, outside Actions: the registry');
    assert.equal(settings.build.noCache, 'auto');
  });

  it('reads cache and no-cache', () => {
    const settings = parseSettings(read({ image: 'x/y', cache: 'Actions', 'no-cache': 'true' }), ws);
    assert.equal(settings.build.cache, 'actions');
    assert.equal(settings.build.noCache, 'true');
  });

  it('resolves paths against the workspace and reads every list', () => {
    const settings = parseSettings(
      read({
        image: 'ghcr.io/acme/shop',
        context: 'app',
        file: 'docker/Dockerfile.ci',
        'build-args': 'A=1\n# comment\n\nB=x=y',
        tags: 'edge,{{sha}}\nghcr.io/acme/Other:v1',
        'cache-from': 'ghcr.io/acme/shop:cache,ghcr.io/acme/shop:cache2\n',
        username: 'bot',
        password: 's3cret',
        push: 'TRUE',
      }),
      ws,
    );
    assert.equal(settings.build.context, `${ws}/app`);
    assert.equal(settings.build.file, `${ws}/docker/Dockerfile.ci`);
    assert.deepEqual(settings.build.buildArgs, [
      { key: 'A', value: '1' },
      { key: 'B', value: 'x=y' },
    ]);
    assert.deepEqual(settings.publish.tags, {
      entries: ['edge', '{{sha}}', 'ghcr.io/acme/other:v1'],
      defaultTags: true,
      prefix: '',
      suffix: '',
      latest: 'auto',
    });
    assert.deepEqual(settings.build.cacheFrom, ['ghcr.io/acme/shop:cache', 'ghcr.io/acme/shop:cache2']);
    assert.deepEqual(settings.publish.logins, [{ registry: 'ghcr.io', username: 'bot', password: 's3cret' }]);
    assert.equal(settings.publish.push, 'true');
  });

  it('reads logins as a YAML list, after registry/username/password', () => {
    const logins = [
      '- registry: docker.io',
      '  username: acme',
      "  password: 'hub token'",
      '# a comment',
      '- registry: "quay.io"',
      '  username: bot',
      '  password: q:w=e',
    ].join('\n');
    const settings = parseSettings(
      read({ image: 'ghcr.io/a/b', username: 'u', password: 'p', logins, logout: 'false' }),
      ws,
    );
    assert.deepEqual(settings.publish.logins, [
      { registry: 'ghcr.io', username: 'u', password: 'p' },
      { registry: 'docker.io', username: 'acme', password: 'hub token' },
      { registry: 'quay.io', username: 'bot', password: 'q:w=e' },
    ]);
    assert.equal(settings.publish.logout, false);
  });

  const gitlab = {
    CI_REGISTRY: 'registry.gitlab.example:5050',
    CI_REGISTRY_USER: 'gitlab-ci-token',
    CI_REGISTRY_PASSWORD: 'job-token',
  };
  const ciRows: [string, Record<string, string>, Record<string, string>, object[]][] = [
    [
      "GitLab's variables for its registry",
      { image: 'registry.gitlab.example:5050/g/p' },
      gitlab,
      [{ registry: gitlab.CI_REGISTRY, username: 'gitlab-ci-token', password: 'job-token' }],
    ],
    [
      'GitLab: a tag in its registry counts as using it',
      { image: 'ghcr.io/a/b', tags: 'registry.gitlab.example:5050/g/p:edge' },
      gitlab,
      [{ registry: gitlab.CI_REGISTRY, username: 'gitlab-ci-token', password: 'job-token' }],
    ],
    ['GitLab: not for an image elsewhere', { image: 'ghcr.io/a/b' }, gitlab, []],
    [
      'GitLab: credentials given win',
      { image: 'registry.gitlab.example:5050/g/p', username: 'me', password: 'mine' },
      gitlab,
      [{ registry: gitlab.CI_REGISTRY, username: 'me', password: 'mine' }],
    ],
    [
      'CircleCI: the docker orb variables for the image registry',
      { image: 'acme/shop' },
      { CIRCLECI: 'true', DOCKER_LOGIN: 'acme', DOCKER_PASSWORD: 'hub' },
      [{ registry: 'docker.io', username: 'acme', password: 'hub' }],
    ],
    [
      'CircleCI: not when credentials are given',
      { image: 'acme/shop', username: 'u', password: 'p' },
      { CIRCLECI: 'true', DOCKER_LOGIN: 'acme', DOCKER_PASSWORD: 'hub' },
      [{ registry: 'docker.io', username: 'u', password: 'p' }],
    ],
  ];
  for (const [name, inputs, env, logins] of ciRows)
    it(name, () => assert.deepEqual(parseSettings(read(inputs), ws, env).publish.logins, logins));

  it('reads promote-from as a tag or digest of the image, a full reference, or a template', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const promote = (value: string) =>
      parseSettings(read({ image: 'ghcr.io/acme/shop', 'promote-from': value }), '/nonexistent').publish
        .promoteFrom;
    assert.equal(promote('sha-1a2b3c4'), 'ghcr.io/acme/shop:sha-1a2b3c4');
    assert.equal(promote(digest), `ghcr.io/acme/shop@${digest}`);
    assert.equal(promote('ghcr.io/acme/staging:rc'), 'ghcr.io/acme/staging:rc');
    assert.equal(promote('sha-{{sha}}'), 'ghcr.io/acme/shop:sha-{{sha}}');
  });

  it('build: false takes an image with a tag or a digest, needs no Dockerfile, and adds no default tag', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'berth-inputs-nofile-'));
    const digest = `sha256:${'a'.repeat(64)}`;
    for (const image of ['ghcr.io/acme/shop:sha-1a2b3c4', `ghcr.io/acme/shop@${digest}`]) {
      const settings = parseSettings(
        read({ image, build: 'false', tags: 'release', 'test-command': 't' }),
        empty,
      );
      assert.equal(settings.pull, image);
      assert.equal(settings.image?.name, 'ghcr.io/acme/shop');
      assert.deepEqual(settings.publish.tags.entries, ['release']);
    }
    assert.equal(parseSettings(read({ image: 'x/y' }), ws).pull, undefined);
  });

  it('reads test-command as one command a line, a trailing backslash going on', () => {
    assert.deepEqual(testCommands(''), []);
    assert.deepEqual(testCommands('make test'), ['make test']);
    assert.deepEqual(testCommands('  npm run lint\n\n npm test -- \\\n  --ci\r\nexit 0\n'), [
      'npm run lint',
      'npm test --    --ci',
      'exit 0',
    ]);
  });

  const errors: [Record<string, string>, RegExp][] = [
    [{ image: 'x/y', 'promote-from': 'x/y' }, /^promote-from: 'x\/y' is not a tag, a digest or a reference/],
    [
      { image: 'x/y', 'promote-from': 'sha-{{commit}}' },
      /^promote-from: 'sha-\{\{commit\}\}': \{\{commit\}\} is not a template/,
    ],
    [
      { image: 'x/y', logins: '- registry: ghcr.io\n  username: u' },
      /^logins: entry 1 \(ghcr.io\) needs a username and a password$/,
    ],
    [{ image: 'x/y', logins: 'registry: ghcr.io' }, /^logins: line 1 is not/],
    [
      { image: 'x/y', logins: '- registry: not a host\n  username: u\n  password: p' },
      /^logins: entry 1: registry 'not a host' is not a host/,
    ],
    [{ image: 'x/y', logout: 'maybe' }, /^logout: 'maybe' is not one of true, false$/],
    [{ build: 'false' }, /^image: is required when build is false/],
    [{ image: 'x/y', build: 'false' }, /^image: 'x\/y' needs a tag or a digest when build is false/],
    [{ image: 'x/y:1', build: 'no' }, /^build: 'no' is not one of true, false$/],
    [{ image: 'x/y:-1', build: 'false' }, /^image: 'x\/y:-1' has an invalid tag/],
    [{ image: 'ghcr.io/acme/shop:1' }, /^image: must be a repository without a tag/],
    [{ image: 'x/y', push: 'yes' }, /^push: 'yes' is not one of auto, true, false$/],
    [{ image: 'x/y', retries: '-1' }, /^retries: '-1' is not a whole number from 0 to 20$/],
    [{ image: 'x/y', 'artifacts-path': 'out' }, /^artifacts-path: 'out' must be an absolute path/],
    [{ image: 'x/y', username: 'bot' }, /^password: is required when 'username' is set$/],
    [{ password: 'p', username: 'u' }, /^registry: is required/],
    [{ tags: 'edge' }, /^tags: bare tag 'edge' needs 'image'/],
    [{ image: 'x/y', tags: 'a b' }, /^tags: 'a b' is neither a tag/],
    [{ image: 'x/y', tags: 'v-{{commit}}' }, /^tags: 'v-\{\{commit\}\}': \{\{commit\}\} is not a template/],
    [{ image: 'x/y', 'default-tags': 'no' }, /^default-tags: 'no' is not one of true, false$/],
    [{ image: 'x/y', 'tag-prefix': '-x' }, /^tag-prefix: '-x' cannot start a tag/],
    [{ image: 'x/y', 'tag-suffix': 'a/b' }, /^tag-suffix: 'a\/b' cannot end a tag/],
    [{ image: 'x/y', 'cache-key': 'a/b' }, /^cache-key: 'a\/b' is not a key/],
    [{ image: 'x/y', 'cache-repository': 'x/y:1' }, /^cache-repository: must be a repository without a tag/],
    [{ image: 'x/y', labels: 'org.example label=1' }, /^labels: line 1 is not KEY=VALUE/],
    [{ image: 'x/y', latest: 'always' }, /^latest: 'always' is not one of auto, true, false$/],
    [{ image: 'x/y', cache: 'gha' }, /^cache: 'gha' is not one of registry, actions, none$/],
    [{ image: 'x/y', 'no-cache': 'always' }, /^no-cache: 'always' is not one of auto, true, false$/],
  ];
  for (const [inputs, message] of errors) {
    it(`refuses ${JSON.stringify(inputs)}`, () =>
      assert.throws(() => parseSettings(read(inputs), ws), { message }));
  }
});

describe('parseKeyValues', () => {
  it('names the input and line but never the value', () => {
    assert.throws(
      () => parseKeyValues('test-env', 'A=1\nthis-is-a-secret'),
      (error: Error) =>
        error.message === "test-env: line 2 is not KEY=VALUE with KEY of letters, digits and '_'",
    );
  });
  it('refuses a key given twice', () =>
    assert.throws(() => parseKeyValues('build-args', 'A=1\nA=2'), /A is given twice/));
});
