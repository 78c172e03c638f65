// Free space where the daemon keeps images and containers, the threshold under which berth warns, and
// the optional prune. Measured by `df -kP /` inside a tiny container (see workspace-visibility.ts):
// a container's root file system lives on the storage the daemon writes layers to (overlay upper
// dirs, btrfs subvolumes, the containerd snapshotter), and the measurement works the same for a
// remote daemon. `docker info` has no free-space field, `docker system df` reports only what docker
// itself uses, and statfs of DockerRootDir is only meaningful when the daemon is on this machine.

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  tib: 1024 ** 4,
};

/** `2GiB`, `500MB`, `1.5g`, `0`: a byte count; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match?.[1] || unit === undefined) return undefined;
  return Math.round(Number(match[1]) * unit);
}

/** Available bytes from `df -kP` output: the last line's fourth column, in KiB. */
export function parseDf(output: string): number | undefined {
  const last = output.trim().split('\n').filter(Boolean).pop() ?? '';
  const available = last.trim().split(/\s+/)[3];
  return available && /^\d+$/.test(available) ? Number(available) * 1024 : undefined;
}

export function diskWarning(freeBytes: number | null, minBytes: number): string | undefined {
  if (freeBytes === null || freeBytes >= minBytes) return undefined;
  const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  return `the daemon has ${gib(freeBytes)} free where it stores images, under min-free-space (${gib(minBytes)}): builds may fail for lack of space; set prune: true to let berth prune`;
}

/** Stopped containers, dangling images, unused networks and build cache; never tagged images or volumes. */
export function planPrune(): string[] {
  return ['docker', 'system', 'prune', '--force'];
}
