// The daemon inputs: docker-host, min-free-space, prune.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSettings } from '../../src/inputs.js';

const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('daemon inputs', () => {
  it('has defaults: find the daemon, warn under 2 GiB, never prune', () => {
    const settings = parseSettings(read({}), '/ws');
    assert.equal(settings.detect.dockerHost, '');
    assert.equal(settings.detect.minFreeBytes, 2 * 1024 ** 3);
    assert.equal(settings.detect.prune, false);
  });
  it('reads them', () => {
    const settings = parseSettings(
      read({ 'docker-host': 'tcp://docker:2376', 'min-free-space': '500MB', prune: 'true' }),
      '/ws',
    );
    assert.deepEqual(
      [settings.detect.dockerHost, settings.detect.minFreeBytes, settings.detect.prune],
      ['tcp://docker:2376', 500e6, true],
    );
  });
  const bad: [string, string, RegExp][] = [
    [
      'docker-host',
      '/var/run/docker.sock',
      /^docker-host: '\/var\/run\/docker.sock' is not an endpoint such as unix:\/\/\/var\/run\/docker.sock or tcp:\/\/host:2376$/,
    ],
    ['min-free-space', 'lots', /^min-free-space: 'lots' is not a size such as 2GiB, 500MB or 0$/],
    ['prune', 'yes', /^prune: 'yes' is not one of true, false$/],
  ];
  for (const [name, value, message] of bad)
    it(`rejects ${name}: ${value}`, () =>
      assert.throws(() => parseSettings(read({ [name]: value }), '/ws'), { message }));
});
