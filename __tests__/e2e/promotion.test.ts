// Promotion: the release flow from a tested commit. A push run builds, tests and pushes `sha-<7>`;
// the tag run promotes that manifest, with no build and no test run (a Docker API proxy in front of
// the engine shows every call berth made), onto the very digest, in the same repository and, copied
// with its blobs, in another registry.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Job, repoRoot, tempDir } from '../helpers/action-runner.js';
import { FaultProxy, REFUSES_NOTHING } from '../helpers/fault-proxy.js';
import { startAuthRegistry, type AuthRegistry } from '../helpers/registries.js';
import {
  dockerHost,
  randomSha,
  registryDigest,
  registryImageConfig,
  registryTags,
  uniqueRepository,
  withoutCacheTags,
} from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');
const PASSWORD = 'promo-5c2e-do-not-print';

describe('promotion', () => {
  let mirror: AuthRegistry;
  let proxy: FaultProxy;
  before(async () => {
    mirror = await startAuthRegistry('mirror-bot', PASSWORD);
    proxy = await FaultProxy.start(
      tempDir('api-proxy'),
      dockerHost().replace(/^unix:\/\//, ''),
      REFUSES_NOTHING,
    );
  });
  after(async () => Promise.all([mirror.stop(), proxy.close()]));

  it('test on push, promote on tag: the release tags name the tested digest, nothing built or run', async () => {
    const image = uniqueRepository('promote');
    const sha = randomSha();
    const short = `sha-${sha.slice(0, 7)}`;
    const tested = new Job({
      inputs: { image, context: sampleApp, 'test-command': '/test/run.sh' },
      env: {
        DOCKER_HOST: dockerHost(),
        GITHUB_SHA: sha,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_EVENT_NAME: 'push',
      },
    });
    const pushed = await tested.main();
    assert.equal(pushed.exitCode, 0, pushed.log);
    await tested.post();
    const digest = await registryDigest(image, short);
    assert.match(digest, /^sha256:/);

    const mirrored = `${mirror.host}/mirror/shop`;
    const release = new Job({
      // no Dockerfile needed: the workspace is empty
      inputs: {
        image,
        'promote-from': 'sha-{{sha}}',
        tags: `${mirrored}:{{version}}`,
        logins: `- registry: ${mirror.host}\n  username: ${mirror.username}\n  password: ${PASSWORD}`,
      },
      env: {
        DOCKER_HOST: proxy.host,
        GITHUB_SHA: sha,
        GITHUB_REF: 'refs/tags/v1.4.0',
        GITHUB_EVENT_NAME: 'push',
      },
    });
    const calls = proxy.seen.length;
    const main = await release.main();
    assert.equal(main.exitCode, 0, main.log);
    const tags = [short, '1.4.0', '1.4', '1', 'latest'];
    assert.deepEqual(withoutCacheTags(await registryTags(image)), [...tags, 'main'].sort());
    for (const tag of tags) assert.equal(await registryDigest(image, tag), digest, tag);
    assert.equal(main.outputs.digest, digest);
    assert.equal(main.outputs['image-id'], pushed.outputs['image-id']);
    // copied to the other registry, manifest and blobs, under the same digest, and pullable there
    assert.deepEqual(await mirror.tags('mirror/shop'), ['1.4.0']);
    const head = await fetch(`http://${mirror.host}/v2/mirror/shop/manifests/1.4.0`, {
      method: 'HEAD',
      headers: {
        authorization: `Basic ${Buffer.from(`${mirror.username}:${PASSWORD}`).toString('base64')}`,
        accept:
          'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json',
      },
    });
    assert.equal(head.headers.get('docker-content-digest'), digest);
    assert.match(
      main.log,
      new RegExp(`pushed ${mirrored.replace(/\./g, '\\.')}:1\\.4\\.0 \\(copied in the registry\\)`),
    );
    // the labels are those of the tested build
    const config = await registryImageConfig(image, '1.4.0');
    assert.equal(config.config?.Labels?.['org.opencontainers.image.revision'], sha);
    // what berth asked the engine: no build, no push, no container but detection's probe
    const asked = proxy.seen.slice(calls);
    assert.ok(asked.length > 0, 'the run went through the proxy');
    for (const call of asked.filter((call) => !/berth-probe-/.test(call)))
      assert.doesNotMatch(call, /\/(build|containers\/create|images\/[^ ]+\/push)/, call);
    assert.match(main.summary, /build<\/td><td>0\.0 s<\/td><td>⏭️ skipped<\/td><td>promote-from/);
    await release.post();
  });
});
