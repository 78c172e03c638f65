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
    assert.equal(settings.publish.login, undefined);
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
        tags: 'edge\nghcr.io/acme/other:v1',
        'cache-from': 'ghcr.io/acme/shop:cache\n',
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
    assert.deepEqual(settings.publish.tags, ['ghcr.io/acme/shop:edge', 'ghcr.io/acme/other:v1']);
    assert.deepEqual(settings.build.cacheFrom, ['ghcr.io/acme/shop:cache']);
    assert.deepEqual(settings.publish.login, { registry: 'ghcr.io', username: 'bot', password: 's3cret' });
    assert.equal(settings.publish.push, 'true');
  });

  it('build: false takes an image with a tag or a digest, needs no Dockerfile, and adds no default tag', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'berth-inputs-nofile-'));
    const digest = `sha256:${'a'.repeat(64)}`;
    for (const image of ['ghcr.io/acme/shop:sha-1a2b3c4', `ghcr.io/acme/shop@${digest}`]) {
      const settings = parseSettings(read({ image, build: 'false', tags: 'release' }), empty);
      assert.equal(settings.pull, image);
      assert.equal(settings.image?.name, 'ghcr.io/acme/shop');
      assert.deepEqual(settings.publish.tags, ['ghcr.io/acme/shop:release']);
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
