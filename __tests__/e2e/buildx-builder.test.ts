// Which buildx builder berth reads, on engine 28's classic store with the real buildx: where no builder
// is chosen in buildx's files, the default one (its `docker` driver), taken from docker info's plugin
// list without a `docker buildx inspect`; where one is (`docker buildx create --use`), the one
// `docker buildx inspect` names. Jobs with no image (detect only), each with a docker config of its
// own; the builder made is never started.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Job, jobDockerConfig } from '../helpers/action-runner.js';
import { MODERN } from '../helpers/engines.js';

interface Detected {
  kind: string;
  buildx: { name: string; driver: string } | null;
}

/** A detect-only job with this docker config: the builder it reports, and whether it asked buildx. */
async function detect(config: string): Promise<{ builder: Detected; inspected: boolean }> {
  const job = new Job({ inputs: {}, env: { ...MODERN.env(), DOCKER_CONFIG: config, RUNNER_DEBUG: '1' } });
  const main = await job.main();
  assert.equal(main.exitCode, 0, main.log);
  await job.post();
  const environment = JSON.parse(main.outputs.environment ?? '{}') as { builder: Detected };
  return { builder: environment.builder, inspected: main.log.includes('run: docker buildx inspect') };
}

function buildx(config: string, ...args: string[]): string {
  return execFileSync('docker', ['buildx', ...args], {
    env: { ...process.env, ...MODERN.env(), DOCKER_CONFIG: config },
    encoding: 'utf8',
  });
}

describe('the buildx builder berth reads', () => {
  it('is the default one, not asked, where buildx has chosen none; the one chosen, asked, where it has', async () => {
    const config = jobDockerConfig();
    const fresh = await detect(config);
    assert.deepEqual(fresh.builder.buildx, { name: 'default', driver: 'docker' });
    assert.equal(fresh.builder.kind, 'buildkit');
    assert.equal(fresh.inspected, false, 'no docker buildx inspect');
    assert.match(buildx(config, 'inspect'), /^Name:\s+default\nDriver:\s+docker\n/, 'buildx agrees');

    const name = `berth-probe-${process.pid}`;
    buildx(config, 'create', '--name', name, '--driver', 'docker-container', '--use');
    try {
      const chosen = await detect(config);
      assert.deepEqual(chosen.builder.buildx, { name, driver: 'docker-container' });
      assert.equal(chosen.builder.kind, 'buildx', 'a docker-container builder exports a registry cache');
      assert.equal(chosen.inspected, true);

      buildx(config, 'use', 'default');
      const back = await detect(config);
      assert.deepEqual(back.builder.buildx, { name: 'default', driver: 'docker' });
      assert.equal(back.inspected, false, 'buildx use default chose none again');
    } finally {
      buildx(config, 'rm', name);
    }
  });
});
