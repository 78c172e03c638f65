// The `actions` cache's stage images on a real engine (the default one) and the v2 stand-in: the entry is
// streamed both ways (docker save into the upload, the download into docker load), nothing is written
// to the runner's disk, and a new runner gets every reference back, with its ID. The whole job over
// this (cold, then warm with every step from the cache) is in stage-cache.test.ts, on every engine.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ActionsCacheService } from '../helpers/actions-cache.js';
import { tempDir } from '../helpers/action-runner.js';
import { freshRunner, hasImage, uniqueBase } from '../helpers/fresh-runner.js';
import { docker, dockerHost, uniqueRepository } from '../helpers/testbed.js';
import { actionsCacheKeys, restoreImages, saveImages } from '../../src/build/cache-actions.js';

function build(ref: string, dockerfile: string): void {
  execFileSync('docker', ['build', '--quiet', '--tag', ref, '-'], {
    input: dockerfile,
    env: { ...process.env, DOCKER_HOST: dockerHost(), DOCKER_BUILDKIT: '0' },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

const imageId = (ref: string): string => docker('image', 'inspect', '--format', '{{.Id}}', ref).trim();

/** Runs `body` with the runner's variables of the service in this process's environment. */
async function onRunner<T>(
  service: ActionsCacheService,
  runnerTemp: string,
  body: () => Promise<T>,
): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, service.env(), { RUNNER_TEMP: runnerTemp });
  try {
    return await body();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) Reflect.deleteProperty(process.env, key);
    Object.assign(process.env, saved);
  }
}

describe('actions cache: stage images streamed', () => {
  const service = new ActionsCacheService();
  const repository = uniqueRepository('actions-stream');
  // two stages, and a third reference to the second one's image: a load names an ID once per tag
  const refs = [
    `${repository}:cache-main-deps`,
    `${repository}:cache-main-final`,
    `${repository}:cache-main-all`,
  ];
  // saved on the default branch, restored on another one, which has no entry of its own yet
  const onMain = actionsCacheKeys(repository, 'FROM busybox', 'main', 'main');
  const keys = actionsCacheKeys(repository, 'FROM busybox', 'feature-x', 'main');
  let ids: string[] = [];

  before(async () => {
    await service.start();
    const base = uniqueBase();
    build(refs[0] as string, `FROM ${base}\nRUN head -c 3000000 /dev/urandom > /deps\n`);
    build(refs[1] as string, `FROM ${refs[0]}\nRUN echo code > /code\n`);
    docker('tag', refs[1] as string, refs[2] as string);
    ids = refs.map(imageId);
  });

  after(() => service.stop());

  it('saves by name, restores on a new runner with every tag, and writes no file', async () => {
    const saving = tempDir('runner-temp');
    await onRunner(service, saving, () => saveImages(onMain, refs, ''));
    const saved = service.entries.filter((entry) => entry.finalized);
    assert.equal(saved.length, 1);
    const data = saved[0]?.data ?? Buffer.alloc(0);
    // the index line, then docker save's tar (its first member's name starts the next 512-byte block)
    const firstLine = data.subarray(0, data.indexOf(10)).toString();
    assert.deepEqual(JSON.parse(firstLine), Object.fromEntries(refs.map((ref, at) => [ref, ids[at]])));
    assert.ok(data.length > 3_000_000, `the saved images are in the entry (${data.length} bytes)`);
    // the same images again: the same key, not written twice
    await onRunner(service, saving, () => saveImages(onMain, refs, ''));
    assert.equal(service.entries.length, 1);

    freshRunner(repository);
    assert.ok(!refs.some((ref) => hasImage(ref)), 'a new runner has none of the images');
    const restoring = tempDir('runner-temp');
    // feature-x has no entry: the default branch's is found by its restore key's prefix
    const restored = await onRunner(service, restoring, () => restoreImages(keys));
    assert.equal(restored.key, saved[0]?.key);
    assert.ok(restored.key.startsWith(onMain.prefix), restored.key);
    assert.deepEqual(
      [...restored.ids],
      refs.map((ref, at) => [ref, ids[at]]),
    );
    assert.deepEqual(refs.map(imageId), ids, 'every reference back, on its image');
    assert.deepEqual(readdirSync(restoring, { recursive: true }), [], 'nothing written to the runner');
    assert.deepEqual(readdirSync(saving, { recursive: true }), [], 'nothing written to the runner');
  });

  it('a broken entry is a warning and no cache, not a failure', async () => {
    const entry = service.entries.find((candidate) => candidate.finalized);
    assert.ok(entry?.data);
    const whole = entry.data;
    // cut inside the tar: docker load gets half of it
    entry.data = whole.subarray(0, Math.floor(whole.length / 2));
    try {
      freshRunner(repository);
      const restored = await onRunner(service, tempDir('runner-temp'), () => restoreImages(keys));
      assert.deepEqual(restored, { ids: new Map(), key: '' });
      assert.ok(!hasImage(refs[1] as string), 'no half-loaded image tagged');
    } finally {
      entry.data = whole;
    }
  });

  it('tags from the index what the load did not name', async () => {
    const entry = service.entries.find((candidate) => candidate.finalized);
    assert.ok(entry?.data);
    const whole = entry.data;
    const index = JSON.parse(whole.subarray(0, whole.indexOf(10)).toString()) as Record<string, string>;
    // a name the saved tar does not carry, as when a load loses a tag
    const alias = `${repository}:cache-main-alias`;
    const line = JSON.stringify({ ...index, [alias]: ids[0] });
    entry.data = Buffer.concat([Buffer.from(`${line}\n`), whole.subarray(whole.indexOf(10) + 1)]);
    try {
      freshRunner(repository);
      const restored = await onRunner(service, tempDir('runner-temp'), () => restoreImages(keys));
      assert.equal(restored.ids.get(alias), ids[0]);
      assert.deepEqual([...refs, alias].map(imageId), [...ids, ids[0]]);
    } finally {
      entry.data = whole;
    }
  });
});
