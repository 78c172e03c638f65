// Cache: bring earlier builds of this image to the daemon, so the build can reuse their layers.
// A reference that does not exist yet is the normal first run, never an error.
import * as core from '@actions/core';
import type { Builder } from './detect.js';
import { run } from './exec.js';
import { withRetries } from './retry.js';

/**
 * The legacy builder reuses only layers of images already in the daemon, so it needs them pulled;
 * BuildKit reads the cache metadata of `--cache-from` references straight from the registry.
 */
export function needsPull(builder: Builder): boolean {
  return builder === 'legacy';
}

/** Pulls each reference; returns those that came. */
export async function pullCache(refs: readonly string[], retries: number): Promise<string[]> {
  const pulled: string[] = [];
  for (const ref of refs) {
    try {
      await withRetries(() => run(['docker', 'pull', '--quiet', ref], { timeoutMs: 600_000 }), {
        retries,
        label: `pull ${ref}`,
      });
      core.info(`cache: ${ref} pulled`);
      pulled.push(ref);
    } catch (error) {
      core.info(`cache: ${ref} not available (${error instanceof Error ? error.message : error})`);
    }
  }
  return pulled;
}
