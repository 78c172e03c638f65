// Push: only when the run may (`push` input, event) and the tests passed; transient registry failures
// are retried with backoff.
import * as core from '@actions/core';
import { run } from './exec.js';
import type { PushMode } from './inputs.js';
import { withRetries } from './retry.js';

const PUSH_EVENTS = new Set([
  'push',
  'create',
  'release',
  'schedule',
  'workflow_dispatch',
  'repository_dispatch',
  'merge_group',
]);

/** Whether to push, and why, for the summary. */
export function pushDecision(
  mode: PushMode,
  event: string,
  testsPassed: boolean,
): { push: boolean; why: string } {
  if (!testsPassed) return { push: false, why: 'the tests failed' };
  if (mode === 'false') return { push: false, why: 'push is false' };
  if (mode === 'true') return { push: true, why: 'push is true' };
  if (PUSH_EVENTS.has(event)) return { push: true, why: `push is auto on a ${event} event` };
  return { push: false, why: `push is auto and this is a ${event} run` };
}

/** The digest `docker push` reports on its last line: `tag: digest: sha256:... size: N`. */
export function parseDigest(output: string): string {
  return /digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1] ?? '';
}

async function pushOne(tag: string, retries: number): Promise<string> {
  const result = await withRetries(() => run(['docker', 'push', tag], { timeoutMs: 1_800_000 }), {
    retries,
    label: `push ${tag}`,
  });
  core.info(`pushed ${tag}`);
  return parseDigest(result.stdout);
}

/**
 * Pushes the first tag, which uploads the layers, then the others at once: they are only manifests.
 * (Pushes of the same new layers at the same time race in the registry: "blob unknown to registry".)
 */
export async function pushTags(
  tags: readonly string[],
  retries: number,
): Promise<{ pushed: string[]; digest: string }> {
  const [first, ...rest] = tags;
  if (first === undefined) return { pushed: [], digest: '' };
  const digest = await pushOne(first, retries);
  const others = await Promise.all(rest.map((tag) => pushOne(tag, retries)));
  return { pushed: [...tags], digest: digest || (others.find(Boolean) ?? '') };
}
