// Pull: the image another job built (`build: false`), with retries, and the ID the tests run.
import * as core from '@actions/core';
import { CancelledError } from '../core/cancel.js';
import { errorText } from '../core/errors.js';
import { run } from '../core/exec.js';
import { withRetries } from '../core/retry.js';
import type { PushPolicy } from './push.js';

/** Pulls `reference` and returns its local image ID. */
export async function pullImage(reference: string, policy: PushPolicy): Promise<string> {
  const left = (): number => Math.max(1_000, policy.deadline - Date.now());
  await withRetries(() => run(['docker', 'pull', reference], { timeoutMs: left(), cancellable: true }), {
    retries: policy.retries,
    label: `pull ${reference}`,
    until: policy.deadline,
  }).catch((error: unknown) => {
    throw error instanceof CancelledError ? error : new Error(`pull of ${reference}: ${errorText(error)}`);
  });
  const inspected = await run(['docker', 'image', 'inspect', '--format', '{{.Id}}', reference]);
  const imageId = inspected.stdout.trim();
  core.info(`pulled ${reference} (${imageId})`);
  return imageId;
}
