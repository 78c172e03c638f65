// Free space where the daemon keeps images and containers, the threshold under which berth warns, and
// the optional prune. Two ways to read it (planDiskReading picks): statfs of the daemon's data root,
// when that folder is provably the daemon's own in berth's file system (a daemon on this machine),
// which costs no container start; else `df -kP /` in the visibility probe's container (see
// visibility.ts), whose root file system lives on the storage the daemon writes layers to
// (overlay upper dirs, btrfs subvolumes, the containerd snapshotter) and which works the same for a
// remote daemon. `docker info` has no free-space field, and `docker system df` reports only what
// docker itself uses.
import { statfsSync } from 'node:fs';
import * as path from 'node:path';
import { lastLine } from '../core/errors.js';

export type DiskSource = 'data root' | 'probe';

export interface DiskFacts {
  /** Layers are in the containerd image store, under containerd's root rather than the data root. */
  containerdStore: boolean;
  /** The probe container's record is at probeRecord(DockerRootDir, id) in berth's own file system. */
  probeRecordSeen: boolean;
  /** The probe's image has `df`, so starting the probe container reads free space. */
  hasDf: boolean;
}

/**
 * Where the daemon keeps the probe container's record if rootDir is its data root, as berth sees it:
 * `<rootDir>/containers/<full id>`; undefined when the root or the id (from `docker create`) is unusable.
 */
export function probeRecord(rootDir: string, id: string): string | undefined {
  if (!path.posix.isAbsolute(rootDir) || !/^[0-9a-f]{64}$/.test(id)) return undefined;
  return path.posix.join(rootDir, 'containers', id);
}

/**
 * The ways to read free space, best first; the first that yields a number wins. The data root is read
 * only when the probe's record was seen in it: a random 64-hex id there proves that this folder is the
 * daemon's own (berth in a job container with the socket bound in, a remote daemon, a VM, or a user who
 * cannot read the data root all fail the check). With the containerd image store, layers live outside
 * the data root, so only the probe's df measures the right file system.
 */
export function planDiskReading(facts: DiskFacts): DiskSource[] {
  const sources: DiskSource[] = [];
  if (facts.probeRecordSeen && !facts.containerdStore) sources.push('data root');
  if (facts.hasDf) sources.push('probe');
  return sources;
}

/** Bytes available to an unprivileged writer on the file system holding dir, as `df` counts them. */
export function statfsFree(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** Available bytes from `df -kP` output: the last line's fourth column, in KiB. */
export function parseDf(output: string): number | undefined {
  const last = lastLine(output);
  const available = last.trim().split(/\s+/)[3];
  return available && /^\d+$/.test(available) ? Number(available) * 1024 : undefined;
}

export function diskWarning(freeBytes: number | null, minBytes: number): string | undefined {
  if (freeBytes === null || freeBytes >= minBytes) return undefined;
  const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  return `the daemon has ${gib(freeBytes)} free where it stores images, under min-free-space (${gib(minBytes)}): builds may fail for lack of space; set prune: true to let berth prune`;
}

/** Stopped containers, dangling images, unused networks and build cache; never tagged images or volumes. */
/**
 * `docker system prune`, but for test containers of berth (another job's on a shared daemon may still
 * hold reports waiting to be copied out).
 */
export function planPrune(): string[] {
  return ['docker', 'system', 'prune', '--force', '--filter', 'label!=berth.role=test'];
}
