// Tags and labels as the registry has them after a run: templates with `default-tags: false`, the
// release tags of a 0.x version (no `0`, `latest` on the highest), and the OCI labels read back from
// the image config the registry serves.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Job, repoRoot } from '../helpers/action-runner.js';
import {
  dockerHost,
  pushedTags,
  randomSha,
  registryDigest,
  registryImageConfig,
  registryTags,
  uniqueRepository,
  withoutCacheTags,
} from '../helpers/testbed.js';

const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');
const OCI = 'org.opencontainers.image';

function job(image: string, sha: string, ref: string, inputs: Record<string, string>, event: object): Job {
  return new Job({
    inputs: { image, context: sampleApp, 'test-command': '/test/run.sh', push: 'true', ...inputs },
    env: {
      DOCKER_HOST: dockerHost(),
      GITHUB_SHA: sha,
      GITHUB_REF: ref,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_RUN_NUMBER: '314',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.example.com',
    },
    event,
  });
}

describe('tags and labels in the registry', () => {
  it('pushes only the templates with default-tags: false, and the labels are in the image config', async () => {
    const image = uniqueRepository('templates');
    const sha = randomSha();
    const run = job(
      image,
      sha,
      'refs/heads/main',
      {
        'default-tags': 'false',
        tags: "{{branch}}-{{sha}},build-{{run}}\nnightly-{{date 'YYYYMMDD'}}\npr-{{pr}}",
        'tag-prefix': 'x-',
        labels: `${OCI}.title=Shop\ncom.example.team=payments`,
      },
      {
        repository: { default_branch: 'main', license: { spdx_id: 'MIT' } },
        head_commit: { timestamp: '2026-11-30T12:34:56+01:00' },
      },
    );
    const main = await run.main();
    assert.equal(main.exitCode, 0, main.log);
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const expected = [`x-main-${sha.slice(0, 7)}`, 'x-build-314', `x-nightly-${day}`].sort();
    assert.deepEqual(pushedTags(main.outputs.tags), expected);
    assert.deepEqual(withoutCacheTags(await registryTags(image)), expected);
    assert.equal(main.outputs.version, 'main');
    assert.match(main.log, /tag left out: tags: pr-\{\{pr\}\} \(a template has no value in this run\)/);
    assert.match(main.summary, /Tags \(version main\)/);
    assert.match(main.summary, /x-build-314.*tags: build-\{\{run\}\}/s);

    const labels = {
      [`${OCI}.source`]: 'https://github.example.com/acme/shop',
      [`${OCI}.url`]: 'https://github.example.com/acme/shop',
      [`${OCI}.revision`]: sha,
      [`${OCI}.version`]: 'main',
      [`${OCI}.title`]: 'Shop',
      [`${OCI}.licenses`]: 'MIT',
      [`${OCI}.created`]: '2026-11-30T11:34:56Z',
      'com.example.team': 'payments',
    };
    const config = await registryImageConfig(image, `x-build-314`);
    for (const [key, value] of Object.entries(labels)) assert.equal(config.config?.Labels?.[key], value, key);
    assert.deepEqual(JSON.parse(main.outputs.labels ?? ''), labels);
    const metadata = JSON.parse(main.outputs.metadata ?? '') as Record<string, unknown>;
    assert.deepEqual(metadata.labels, labels);
    assert.deepEqual(metadata.tags, (main.outputs.tags ?? '').split('\n'));
    assert.equal(metadata.version, 'main');
    assert.equal(metadata.imageId, main.outputs['image-id']);
    assert.equal(metadata.digest, await registryDigest(image, 'x-build-314'));
    await run.post();
  });

  it('on a 0.x release: no 0 tag, latest on the highest release, and the version in the label', async () => {
    const image = uniqueRepository('release');
    const sha = randomSha();
    const run = job(image, sha, 'refs/tags/v0.3.1', { tags: 'edge, stable' }, {});
    // the workspace is a checkout that knows its tags: v0.3.1 is the highest release
    writeFileSync(path.join(run.workspace, 'LICENSE'), 'Apache License\nVersion 2.0, January 2004\n');
    const main = await run.main();
    assert.equal(main.exitCode, 0, main.log);
    const short = `sha-${sha.slice(0, 7)}`;
    assert.deepEqual(
      withoutCacheTags(await registryTags(image)),
      [short, '0.3.1', '0.3', 'latest', 'edge', 'stable'].sort(),
    );
    assert.match(main.log, /tag .*:latest: latest: auto, v0\.3\.1 is the highest release/);
    const config = await registryImageConfig(image, 'latest');
    assert.equal(config.config?.Labels?.[`${OCI}.version`], '0.3.1');
    assert.equal(config.config?.Labels?.[`${OCI}.licenses`], 'Apache-2.0');
    await run.post();
  });
});
