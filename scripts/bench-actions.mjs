// The `cache: actions` part of the bench: restoring the fat app's image from the Actions cache (the v2
// stand-in of the tests, on 127.0.0.1) with berth's own code, against `docker pull` of the same image
// from the registry. Both on a new runner; the image is saved once, before the rounds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ActionsCacheService } from '../lib/__tests__/helpers/actions-cache.js';
import { writeApp } from '../lib/__tests__/helpers/scenario-apps.js';
import { actionsCacheKeys, restoreImages, saveImages } from '../lib/src/build/cache-actions.js';
import { sh } from './bench-jobs.mjs';

/** Runs `body` with the job's variables in this process's environment (berth's code reads it). */
async function within(env, body) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) Reflect.deleteProperty(process.env, key);
    Object.assign(process.env, saved);
  }
}

/** The jobs `restore` and `pull` of scenario `actions`, and a stop for the service. */
export async function actionsRestore(env, fatMiB, work) {
  const service = await new ActionsCacheService().start();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-actions-'));
  writeApp(dir, { stages: 3, fatMiB });
  const ref = `${process.env.BERTH_TESTBED_REGISTRY}/bench/actions-${randomBytes(4).toString('hex')}:cache-main-stage-2`;
  sh(['docker', 'build', '--quiet', '--build-arg', `WORK=${work}`, '--tag', ref, dir], env);
  sh(['docker', 'push', '--quiet', ref], env);
  const jobEnv = { ...env, ...service.env(), RUNNER_TEMP: mkdtempSync(path.join(tmpdir(), 'bench-runner-')) };
  const keys = actionsCacheKeys(ref, 'bench', 'main', 'main');
  await within(jobEnv, () => saveImages(keys, [ref], ''));
  const restore = () =>
    within(jobEnv, async () => {
      const { ids } = await restoreImages(keys);
      if (ids.size !== 1) throw new Error('the actions cache restored nothing');
    });
  return {
    jobs: [
      { scenario: 'actions', who: 'restore', run: restore },
      { scenario: 'actions', who: 'pull', run: () => void sh(['docker', 'pull', '--quiet', ref], env) },
    ],
    stop: () => service.stop(),
  };
}
