import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judge, parseSumFile } from '../../../src/install/checksum.js';
import { dockerArch, dockerArchiveUrl, indexVersions, pickLatest } from '../../../src/install/docker.js';
import { sameVersion } from '../../../src/install/check.js';
import { parseInstallSettings, parseVersion, wantsSetup } from '../../../src/install/settings.js';
import { pluginAsset } from '../../../src/install/plugins.js';

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
      /^daemon-config: is not valid JSON \(.+\): use an object such as \{"debug": true\}$/,
    ],
    [{ 'daemon-config': '[1]' }, /^daemon-config: must be a JSON object/],
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
    assert.equal(wantsSetup(settings), false);
    assert.equal(wantsSetup(parseInstallSettings(read({ daemon: 'dedicated' }))), true);
  });
});

describe('download locations', () => {
  it('lays out the static archives by channel and arch', () => {
    assert.equal(dockerArch('x64'), 'x86_64');
    assert.equal(dockerArch('arm64'), 'aarch64');
    assert.throws(() => dockerArch('s390x'), {
      message: /^docker-version: no static docker archives for s390x/,
    });
    assert.equal(
      dockerArchiveUrl('https://download.docker.com/linux/static', 'stable', 'x86_64', '27.3.1'),
      'https://download.docker.com/linux/static/stable/x86_64/docker-27.3.1.tgz',
    );
  });

  it('names the compose and buildx release assets and their sums', () => {
    assert.deepEqual(
      pluginAsset('compose', 'https://github.com/docker/compose/releases/download', '2.29.7', 'x64'),
      {
        url: 'https://github.com/docker/compose/releases/download/v2.29.7/docker-compose-linux-x86_64',
        sumUrl:
          'https://github.com/docker/compose/releases/download/v2.29.7/docker-compose-linux-x86_64.sha256',
        sumName: 'docker-compose-linux-x86_64',
        arch: 'x86_64',
      },
    );
    assert.deepEqual(
      pluginAsset('buildx', 'https://github.com/docker/buildx/releases/download', '0.17.1', 'arm64'),
      {
        url: 'https://github.com/docker/buildx/releases/download/v0.17.1/buildx-v0.17.1.linux-arm64',
        sumUrl: 'https://github.com/docker/buildx/releases/download/v0.17.1/checksums.txt',
        sumName: 'buildx-v0.17.1.linux-arm64',
        arch: 'arm64',
      },
    );
  });
});

describe('latest from an index page', () => {
  const html = `<html><body><h1>Index of linux/static/stable/x86_64/</h1><pre>
<a href="../">../</a>
<a href="docker-17.03.0-ce.tgz">docker-17.03.0-ce.tgz</a>
<a href="docker-20.10.24.tgz">docker-20.10.24.tgz</a>
<a href="docker-27.3.1.tgz">docker-27.3.1.tgz</a>
<a href="docker-27.3.1.tgz.sha256">docker-27.3.1.tgz.sha256</a>
<a href="docker-27.10.0.tgz">docker-27.10.0.tgz</a>
<a href="docker-28.0.0-rc.1.tgz">docker-28.0.0-rc.1.tgz</a>
<a href="docker-rootless-extras-29.1.0.tgz">docker-rootless-extras-29.1.0.tgz</a>
</pre></body></html>`;

  it('lists the docker archives newest first, by semver, without the rootless extras or non-semver names', () =>
    assert.deepEqual(indexVersions(html), ['28.0.0-rc.1', '27.10.0', '27.3.1', '20.10.24']));
  it('picks the highest stable release, a release candidate only on the test channel', () => {
    assert.equal(pickLatest(indexVersions(html), 'stable'), '27.10.0');
    assert.equal(pickLatest(indexVersions(html), 'test'), '28.0.0-rc.1');
    assert.equal(pickLatest([], 'stable'), undefined);
  });
});

describe('checksums', () => {
  const hex = 'c0ffee'.padEnd(64, '0');
  const sums: [string, string, string | undefined][] = [
    [`${hex}  docker-27.3.1.tgz\n`, 'docker-27.3.1.tgz', hex],
    [`${hex} *docker-compose-linux-x86_64`, 'docker-compose-linux-x86_64', hex],
    [
      `${'1'.repeat(64)} *buildx-v0.17.1.linux-arm64\n${hex} *buildx-v0.17.1.linux-amd64\n`,
      'buildx-v0.17.1.linux-amd64',
      hex,
    ],
    [`${hex}  ./release-out/buildx-v0.17.1.linux-amd64`, 'buildx-v0.17.1.linux-amd64', hex],
    [`${hex.toUpperCase()}\n`, 'anything', hex],
    [`${hex}  other.tgz\n`, 'docker-27.3.1.tgz', undefined],
    ['<html>not found</html>', 'docker-27.3.1.tgz', undefined],
  ];
  for (const [text, name, expected] of sums) {
    it(`reads ${JSON.stringify(text.slice(64, 100))} for ${name}`, () =>
      assert.equal(parseSumFile(text, name), expected));
  }

  it('accepts a match, refuses a mismatch naming both sums, warns or refuses when there is none', () => {
    const url = 'https://example.test/docker-27.3.1.tgz';
    assert.deepEqual(judge('docker', url, hex, { sha256: hex, from: 'input docker-sha256' }, true), {
      ok: true,
      checksum: 'sha256 verified (input docker-sha256)',
    });
    const mismatch = judge('docker', url, 'f'.repeat(64), { sha256: hex, from: `${url}.sha256` }, false);
    assert.equal(
      !mismatch.ok && mismatch.error,
      `docker: checksum mismatch for ${url}: expected sha256 ${hex} (${url}.sha256), got ${'f'.repeat(64)}; nothing was installed or cached`,
    );
    const none = judge('compose', url, hex, undefined, false);
    assert.ok(
      none.ok && 'warning' in none && /^compose: no checksum for .*installed unverified/.test(none.warning),
    );
    const strict = judge('compose', url, hex, undefined, true);
    assert.ok(!strict.ok && strict.error.endsWith('refused because verify is strict'));
  });

  it('takes a distribution build as the pinned version', () => {
    assert.ok(sameVersion('20.10.24+dfsg1', '20.10.24'));
    assert.ok(sameVersion('v2.29.7', '2.29.7'));
    assert.ok(!sameVersion('20.10.25', '20.10.24'));
    assert.ok(!sameVersion('', '20.10.24'));
  });
});
