// Inputs that come from pull requests and from people: each bad one fails in one line that names the
// input and says what a valid value looks like, before any command runs; no value can become a docker
// option or change the docker client. Property tests (fast-check) over the parsers.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { duration, parseKeyValues, parseSize, version } from '../../src/core/input-values.js';
import { parseReference, parseRepository } from '../../src/core/image-ref.js';
import { INPUT_NAMES, parseSettings } from '../../src/inputs.js';
import { BAD, hostileWorkspace } from '../helpers/hostile-inputs.js';

const ws = hostileWorkspace(mkdtempSync(path.join(tmpdir(), 'berth-inputs-')));
const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
const image = { image: 'ghcr.io/acme/shop' };

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
  it('takes a folder named ..reports, and a Dockerfile an earlier step wrote to the runner temp dir', () => {
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'berth-runner-temp-'));
    writeFileSync(path.join(runnerTemp, 'Dockerfile.generated'), 'FROM busybox\n');
    const settings = parseSettings(
      read({ ...image, 'artifacts-dest': '..reports', file: path.join(runnerTemp, 'Dockerfile.generated') }),
      ws,
      { RUNNER_TEMP: runnerTemp },
    );
    assert.equal(settings.test.artifactsDest, path.join(ws, '..reports'));
    assert.equal(settings.build.file, path.join(runnerTemp, 'Dockerfile.generated'));
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
    fc.assert(
      fc.property(fc.string(), (text) => {
        const bytes = parseSize(text);
        assert.ok(bytes === undefined || (Number.isSafeInteger(bytes) && bytes >= 0), `${text}: ${bytes}`);
      }),
    );
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
