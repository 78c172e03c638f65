// Pull: the image another job built (`build: false`), or a tested tree's, with retries: the reference
// the tests run, and the local image ID, asked beside them.
import * as core from '@actions/core';
import { CancelledError } from '../core/cancel.js';
import { errorText } from '../core/errors.js';
import { splitReference } from '../core/image-ref.js';
import { run } from '../core/exec.js';
import { withRetries } from '../core/retry.js';
import type { PushPolicy } from './push.js';

/** The digest `docker pull` names (`Digest: sha256:...`), if it names one. */
export function pulledDigest(output: string): string | undefined {
  return /^Digest: (sha256:[0-9a-f]{64})\s*$/m.exec(output)?.[1];
}

/** `name@digest` for `name:tag` (or `name`) and a digest; a reference that pins a digest already stays. */
export function byDigest(reference: string, digest: string): string {
  return reference.includes('@') ? reference : `${splitReference(reference).name}@${digest}`;
}

export interface Pulled {
  /** What the tests run: `name@digest` when the pull named its digest (exactly what was pulled), else the reference. */
  runs: string;
  /** The local image ID, asked (`docker image inspect`) while the tests start: a client start less before them. */
  imageId: Promise<string>;
}

/** Pulls `reference`. */
export async function pullImage(reference: string, policy: PushPolicy): Promise<Pulled> {
  const left = (): number => Math.max(1_000, policy.deadline - Date.now());
  const result = await withRetries(
    () => run(['docker', 'pull', reference], { timeoutMs: left(), cancellable: true }),
    { retries: policy.retries, label: `pull ${reference}`, until: policy.deadline },
  ).catch((error: unknown) => {
    throw error instanceof CancelledError ? error : new Error(`pull of ${reference}: ${errorText(error)}`);
  });
  const digest = pulledDigest(result.stdout);
  const runs = digest ? byDigest(reference, digest) : reference;
  core.info(`pulled ${reference}${digest ? ` (${digest})` : ''}`);
  const imageId = run(['docker', 'image', 'inspect', '--format', '{{.Id}}', runs]).then((inspected) =>
    inspected.stdout.trim(),
  );
  // awaited by the push phase, after the tests
  imageId.catch(() => undefined);
  return { runs, imageId };
}
