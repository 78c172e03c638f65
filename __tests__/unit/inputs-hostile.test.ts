// Inputs that come from pull requests and from people: each bad one fails in one line that names the
// input and says what a valid value looks like, before any command runs; no value can become a docker
// option or change the docker client. Property tests (fast-check) over the parsers.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { duration, parseKeyValues, parseSize, version } from '../../src/core/input-values.js';
import { parseReference, parseRepository } from '../../src/core/image-ref.js';
import { INPUT_NAMES, parseSettings } from '../../src/inputs.js';

/** A workspace with a Dockerfile, and a link that leads out of it. */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-inputs-'));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\n');
  mkdirSync(path.join(dir, 'app'));
  symlinkSync('/etc', path.join(dir, 'escape'));
  return dir;
}

const ws = workspace();
const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
const image = { image: 'ghcr.io/acme/shop' };

/** Malformed inputs and the start of the one-line error each must give. */
const BAD: [Record<string, string>, RegExp][] = [
  [{ image: 'ghcr.io/acme/shop:1' }, /^image: must be a repository without a tag/],
  [{ image: 'ghcr.io/acme/Sh op' }, /^image: has an invalid path component/],
  [{ image: '--help' }, /^image: has an invalid path component/],
  [{ image: 'x/y@sha256:00' }, /^image: must not carry a digest/],
  [
    { ...image, registry: '--help', username: 'u', password: 'p' },
    /^registry: '--help' is not a registry host/,
  ],
  [{ ...image, registry: 'ghcr.io\nx' }, /^registry: .* is not a registry host/],
  [{ ...image, registry: 'https://ghcr.io/x' }, /^registry: .* is not a registry host/],
  [{ ...image, 'cache-from': '--all-tags' }, /^cache-from: '--all-tags' starts with '-'/],
  [{ ...image, 'cache-from': 'ghcr.io/acme/shop:bad tag' }, /^cache-from: .*use an image reference/],
  [{ ...image, 'cache-from': 'ghcr.io/acme/shop@sha256:xyz' }, /^cache-from: .*invalid digest/],
  [{ ...image, tags: '-x' }, /^tags: '-x' is neither a tag/],
  [{ ...image, tags: 'a b' }, /^tags: 'a b' is neither a tag/],
  [{ ...image, tags: 'ghcr.io/acme/shop:' }, /^tags: .* is neither a tag/],
  [{ tags: 'edge' }, /^tags: bare tag 'edge' needs 'image'/],
  [{ ...image, target: '--build-arg' }, /^target: '--build-arg' is not a stage name/],
  [{ ...image, target: 'a b' }, /^target: 'a b' is not a stage name/],
  [{ 'docker-host': 'http://x' }, /^docker-host: 'http:\/\/x' is not an endpoint/],
  [{ 'docker-host': 'tcp://docker:2376 --tls' }, /^docker-host: .* is not an endpoint/],
  [{ 'docker-host': 'unix:///a\nb' }, /^docker-host: .* is not an endpoint/],
  [{ 'docker-host': '/var/run/docker.sock' }, /^docker-host: .* is not an endpoint/],
  [{ ...image, username: 'u\n::error::forged', password: 'p' }, /^username: has a line break/],
  [{ ...image, username: 'u', password: 'p\u0007' }, /^password: has a line break/],
  [{ ...image, username: 'u' }, /^password: is required when 'username' is set$/],
  [{ ...image, password: 'p' }, /^username: is required when 'password' is set$/],
  [{ ...image, push: 'yes' }, /^push: 'yes' is not one of auto, true, false$/],
  [{ ...image, retries: '-1' }, /^retries: '-1' is not a whole number from 0 to 20$/],
  [{ ...image, retries: '1e3' }, /^retries: '1e3' is not a whole number/],
  [{ ...image, 'min-free-space': 'lots' }, /^min-free-space: 'lots' is not a size/],
  [{ ...image, prune: 'maybe' }, /^prune: 'maybe' is not one of true, false$/],
  [{ ...image, 'test-timeout': '10' }, /^test-timeout: '10' is not a duration such as 90s/],
  [{ ...image, 'test-timeout': '1d' }, /^test-timeout: '1d' is not a duration/],
  [{ ...image, 'test-timeout': '-5m' }, /^test-timeout: '-5m' is not a duration/],
  [
    { ...image, 'build-args': 'DOCKER_HOST=tcp://evil:2375' },
    /^build-args: DOCKER_HOST is read by the docker client/,
  ],
  [{ ...image, 'build-args': 'PATH=/x' }, /^build-args: PATH is read by the docker client/],
  [
    { ...image, 'build-args': 'BUILDX_BUILDER=x' },
    /^build-args: BUILDX_BUILDER is read by the docker client/,
  ],
  [{ ...image, 'build-args': 'no equals' }, /^build-args: line 1 is not KEY=VALUE/],
  [{ ...image, 'test-env': '1X=y' }, /^test-env: line 1 is not KEY=VALUE/],
  [{ ...image, 'test-env': 'A=1\nA=2' }, /^test-env: A is given twice$/],
  [{ ...image, 'artifacts-path': 'out' }, /^artifacts-path: 'out' must be an absolute path/],
  [{ ...image, 'artifacts-dest': '../../..' }, /^artifacts-dest: '..\/..\/..' is not inside the workspace/],
  [
    { ...image, 'artifacts-dest': '/etc/cron.d' },
    /^artifacts-dest: '\/etc\/cron.d' is not inside the workspace/,
  ],
  [
    { ...image, 'artifacts-dest': 'escape/reports' },
    /^artifacts-dest: 'escape\/reports' is not inside the workspace or the runner's temp dir \(links followed\)/,
  ],
  [{ ...image, context: 'nowhere' }, /^context: 'nowhere' does not exist/],
  [{ ...image, file: '../Dockerfile' }, /^file: '..\/Dockerfile' is outside the workspace/],
  [{ ...image, file: 'app/Dockerfile' }, /^file: 'app\/Dockerfile' does not exist/],
  [{ ...image, cache: 's3' }, /^cache: 's3' is not one of registry, actions, none$/],
  [{ ...image, 'no-cache': 'always' }, /^no-cache: 'always' is not one of auto, true, false$/],
  [{ 'docker-version': '27.3' }, /^docker-version: '27\.3' is not a version/],
  [{ 'docker-download-url': 'file:///etc' }, /^docker-download-url: 'file:\/\/\/etc' is not a URL/],
  [
    { 'daemon-config': '{"debug": tru, "token": "s3cret"}' },
    /^daemon-config: is not valid JSON: use an object/,
  ],
  [{ 'storage-driver': 'aufs', daemon: 'dedicated' }, /^storage-driver: 'aufs' is not one of/],
];

describe('malformed inputs fail in one line that names the input', () => {
  it(`covers ${BAD.length} cases (40 at least)`, () => assert.ok(BAD.length >= 40));
  for (const [inputs, message] of BAD) {
    it(JSON.stringify(inputs), () =>
      assert.throws(
        () => parseSettings(read(inputs), ws, { RUNNER_TEMP: path.join(ws, '..', 'runner-temp') }),
        (error: Error) => {
          assert.match(error.message, message);
          assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
          assert.ok(!error.message.includes('s3cret'), 'never echoes a secret');
          return true;
        },
      ),
    );
  }
});

describe('what is allowed stays allowed', () => {
  it('takes artifacts-dest under the runner temp dir, and test-env keys that are the client’s in the container', () => {
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'berth-runner-temp-'));
    const settings = parseSettings(
      read({
        ...image,
        'artifacts-dest': path.join(runnerTemp, 'reports'),
        'test-env': 'PATH=/app/bin\nDOCKER_HOST=x',
        'test-timeout': '1h30m',
      }),
      ws,
      { RUNNER_TEMP: runnerTemp },
    );
    assert.equal(settings.test.artifactsDest, path.join(runnerTemp, 'reports'));
    assert.deepEqual(
      settings.test.env.map(({ key }) => key),
      ['PATH', 'DOCKER_HOST'],
      'they go in an env file',
    );
    assert.equal(settings.test.timeoutMs, 5_400_000);
  });
});

/** Whatever a parser is given, it returns or throws an Error of one line that starts with the input's name. */
function oneLineOrValue(name: string, parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    assert.ok(error instanceof Error, 'an Error, nothing else');
    assert.ok(error.message.startsWith(`${name}: `), error.message);
    assert.ok(!error.message.includes('\n'), error.message);
  }
}

describe('parsers under random input (fast-check)', () => {
  it('every input of parseSettings: a value or one line naming the input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INPUT_NAMES), fc.string({ maxLength: 40 }), (name, value) => {
        try {
          parseSettings(read({ ...image, [name]: value }), ws, {});
        } catch (error) {
          assert.ok(error instanceof Error);
          assert.ok(!error.message.includes('\n'), error.message);
          assert.match(error.message, /^[a-z0-9-]+: /);
        }
      }),
      { numRuns: 2000 },
    );
  });
  it('durations round-trip: Nh Nm Ns is N hours, minutes, seconds', () => {
    fc.assert(
      fc.property(fc.nat(99), fc.nat(59), fc.nat(59), (h, m, s) => {
        const text = `${h}h${m}m${s}s`;
        assert.equal(duration('test-timeout', text, 0), ((h * 60 + m) * 60 + s) * 1000);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) =>
        oneLineOrValue('test-timeout', () => duration('test-timeout', text, 0)),
      ),
    );
  });
  it('references round-trip: name, tag and digest come back as written', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,8}([._-][a-z0-9]{1,8})?$/);
    const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);
    const digest = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`);
    fc.assert(
      fc.property(
        fc.array(component, { minLength: 1, maxLength: 3 }),
        fc.option(tag),
        fc.option(digest),
        (parts, t, d) => {
          const name = `registry.example:5000/${parts.join('/')}`;
          const text = `${name}${t ? `:${t}` : ''}${d ? `@${d}` : ''}`;
          const parsed = parseReference(text);
          assert.ok(typeof parsed !== 'string', `${text}: ${String(parsed)}`);
          assert.deepEqual(
            [parsed.repository.name, parsed.tag, parsed.digest],
            [name, t ?? undefined, d ?? undefined],
          );
        },
      ),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseRepository(text);
        assert.ok(
          typeof parsed === 'string' || !parsed.name.startsWith('-'),
          'nothing that parses looks like an option',
        );
      }),
    );
  });
  it('sizes, versions and KEY=VALUE lists: a value or one line', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseSize(text)));
    fc.assert(
      fc.property(fc.string(), (text) =>
        oneLineOrValue('docker-version', () => version('docker-version', text, true)),
      ),
    );
    fc.assert(
      fc.property(fc.string(), (text) => oneLineOrValue('test-env', () => parseKeyValues('test-env', text))),
    );
  });
});
