// The install inputs: versions, download URLs, sums, verify, daemon, daemon-config, daemon-tls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { version as parseVersion } from '../../../src/core/input-values.js';
import { parseInstallSettings } from '../../../src/install/settings.js';

const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('install inputs', () => {
  const versions: [string, boolean, string][] = [
    ['27.3.1', true, '27.3.1'],
    ['v27.3.1', true, '27.3.1'],
    ['docker-v29.0.0', true, '29.0.0'],
    ['28.0.0-rc.1', true, '28.0.0-rc.1'],
    ['LATEST', true, 'latest'],
    ['', true, ''],
    ['v2.29.7', false, '2.29.7'],
  ];
  for (const [value, allowLatest, expected] of versions) {
    it(`reads version '${value}' as '${expected}'`, () =>
      assert.equal(parseVersion('docker-version', value, allowLatest), expected));
  }

  const errors: [Record<string, string>, RegExp][] = [
    [
      { 'docker-version': '27.3' },
      /^docker-version: '27\.3' is not a version: use X\.Y\.Z \(e\.g\. 27\.3\.1\), vX\.Y\.Z or latest$/,
    ],
    [{ 'docker-version': 'stable' }, /^docker-version: 'stable' is not a version/],
    [
      { 'compose-version': 'latest' },
      /^compose-version: 'latest' is not a version: use X\.Y\.Z \(e\.g\. 2\.29\.7\) or vX\.Y\.Z$/,
    ],
    [{ 'docker-channel': 'nightly' }, /^docker-channel: 'nightly' is not one of stable, test$/],
    [{ verify: 'maybe' }, /^verify: 'maybe' is not one of warn, strict$/],
    [{ daemon: 'rootless' }, /^daemon: 'rootless' is not one of existing, dedicated$/],
    [{ 'daemon-tls': 'yes' }, /^daemon-tls: 'yes' is not one of true, false$/],
    [{ 'docker-sha256': 'abc' }, /^docker-sha256: is not a sha256: use 64 hex digits$/],
    [{ 'docker-download-url': 'ftp://mirror/x' }, /^docker-download-url: 'ftp:\/\/mirror\/x' is not a URL/],
    [
      { 'daemon-config': '{"debug": tru}' },
      // the value may hold a secret: no part of it is echoed
      /^daemon-config: is not valid JSON: use an object such as \{"debug": true\}$/,
    ],
    [{ 'daemon-config': '[1]' }, /^daemon-config: must be a JSON object/],
    [
      { 'storage-driver': 'aufs', daemon: 'dedicated' },
      /^storage-driver: 'aufs' is not one of overlay2, fuse-overlayfs, btrfs, zfs, vfs$/,
    ],
    [
      { 'storage-driver': 'btrfs' },
      /^storage-driver: applies to a daemon berth starts: set daemon: dedicated$/,
    ],
    [
      { 'storage-driver': 'btrfs', daemon: 'dedicated', 'daemon-config': '{"storage-driver": "vfs"}' },
      /^storage-driver: is given twice/,
    ],
  ];
  for (const [inputs, message] of errors) {
    it(`refuses ${JSON.stringify(inputs)} in one line`, () =>
      assert.throws(
        () => parseInstallSettings(read(inputs)),
        (error: Error) => message.test(error.message) && !error.message.includes('\n'),
      ));
  }

  it('fills the defaults and takes sums in either spelling', () => {
    const settings = parseInstallSettings(
      read({
        'compose-sha256': `sha256:${'AB'.repeat(32)}`,
        'docker-download-url': 'http://127.0.0.1:8080/static/',
      }),
    );
    assert.deepEqual(settings.docker, {
      version: '',
      downloadUrl: 'http://127.0.0.1:8080/static',
      sha256: '',
      channel: 'stable',
    });
    assert.equal(settings.compose.sha256, 'ab'.repeat(32));
    assert.equal(settings.compose.downloadUrl, 'https://github.com/docker/compose/releases/download');
    assert.equal(settings.verify, 'warn');
    assert.equal(settings.daemon, 'existing');
  });

  it("puts the storage driver in the dedicated daemon's config", () => {
    const settings = parseInstallSettings(read({ 'storage-driver': 'BTRFS', daemon: 'dedicated' }));
    assert.deepEqual(settings.daemonConfig, { 'storage-driver': 'btrfs' });
  });
});
