// Containers berth creates: names no other job on a shared daemon will use, and their removal, which
// some daemons refuse (btrfs file systems that cannot be removed): a refusal is reported, not thrown.
import { randomBytes } from 'node:crypto';
import { lastLine } from './errors.js';
import { run } from './exec.js';

/** `berth-<role>-<10 hex>`. */
export function containerName(role: string): string {
  return `berth-${role}-${randomBytes(5).toString('hex')}`;
}

export function planRemove(name: string): string[] {
  return ['docker', 'rm', '--force', '--volumes', name];
}

/** Removes a container; false (and the daemon's words) when the daemon refused. */
export async function removeContainer(name: string): Promise<{ removed: boolean; why: string }> {
  const result = await run(planRemove(name), { allowFailure: true, timeoutMs: 120_000 });
  const removed = result.exitCode === 0 || /no such container/i.test(result.stderr);
  return { removed, why: lastLine(result.stderr) };
}
