import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judge, parseSumFile } from '../../../src/install/checksum.js';
import { dockerArch, dockerArchiveUrl, indexVersions, pickLatest } from '../../../src/install/docker.js';
import { sameVersion } from '../../../src/install/check.js';
import { pluginAsset } from '../../../src/install/plugins.js';

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
    // Debian's builds of today's tools, as they report themselves
    assert.ok(sameVersion('28.5.2+dfsg4', '28.5.2'));
    assert.ok(sameVersion('0.29.1+ds1', '0.29.1'));
    assert.ok(sameVersion('2.40.3-3', '2.40.3'));
    assert.ok(!sameVersion('2.40.3-3', '2.40.2'));
    assert.ok(sameVersion('28.0.0-rc.1', '28.0.0-rc.1'));
    assert.ok(!sameVersion('28.0.0-rc.1', '28.0.0'), 'a release candidate is not the release');
  });
});
