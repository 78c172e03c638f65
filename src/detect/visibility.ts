// Does the daemon see the job's files? Whether berth runs in a container says little (a socket may be
// bound in, a same-path mount may exist); the decisive probe is to make a folder with a random name
// under the workspace and bind it into a container of the daemon: `--mount` refuses a source the
// daemon does not have, and only this folder has that name. Any bind-mount decision follows this
// probe; artifacts always use `docker cp`, which works either way.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parseDf, planDiskReading, probeRecord, statfsFree, type DiskSource } from './disk.js';
import type { DaemonFacts } from './facts.js';
import { run } from '../core/exec.js';
import type { FileView } from '../core/file-view.js';
import { containerName } from '../core/container.js';
import { errorText, lastLine } from '../core/errors.js';

export interface ContainerFacts {
  inContainer: boolean;
  /** What said so: `/.dockerenv`, `/run/.containerenv`, `mountinfo` ... */
  evidence: string;
}

/** Whether this process runs in a container, from the files Docker, Podman and cgroups leave. */
export function containerFacts(files: FileView): ContainerFacts {
  if (files.exists('/.dockerenv')) return { inContainer: true, evidence: '/.dockerenv' };
  if (files.exists('/run/.containerenv')) return { inContainer: true, evidence: '/run/.containerenv' };
  const mountinfo = files.read('/proc/self/mountinfo') ?? '';
  if (/\/(docker|containers)\/(containers\/)?[0-9a-f]{64}\//.test(mountinfo) || /\/kubepods/.test(mountinfo))
    return { inContainer: true, evidence: '/proc/self/mountinfo' };
  if (/:\/(docker|kubepods|lxc)\//.test(files.read('/proc/1/cgroup') ?? ''))
    return { inContainer: true, evidence: '/proc/1/cgroup' };
  return { inContainer: false, evidence: 'none of /.dockerenv, /run/.containerenv, container mounts' };
}

const DF_IMAGE = /^(?:[^/]+\/)*(busybox|alpine|debian|ubuntu|docker):[^/]+$/;

/**
 * The probe's image: a local busybox, alpine, debian, ubuntu or docker image, which has `df` for the
 * free-space reading when the data root cannot be read directly; else any local image, which is never
 * started (creating it is the probe); undefined when the daemon has no image at all. Never pulled:
 * the probe must not depend on a registry, and a fresh dind daemon has nothing.
 */
export function pickProbeImage(images: readonly string[]): { image: string; hasDf: boolean } | undefined {
  const named = images.filter((image) => !image.includes('<none>'));
  const withDf = named.find((image) => DF_IMAGE.test(image));
  if (withDf) return { image: withDf, hasDf: true };
  return named[0] ? { image: named[0], hasDf: false } : undefined;
}

export interface ProbeResult {
  /** The daemon's containers see the workspace; null when the probe itself could not run. */
  visible: boolean | null;
  freeBytes: number | null;
  /** How freeBytes was read: statfs of the data root, or df in the started probe; null: not read. */
  diskSource: DiskSource | null;
  image: string;
  /** What the probe could not remove from the daemon. */
  left: string[];
  note: string;
}

// beside the tests: at a lower priority (core/spawn.ts)
const QUICK = { allowFailure: true, timeoutMs: 20_000, background: true } as const;

/** A probe that could not run (note says why), or has not read anything yet. */
function unread(note = ''): ProbeResult {
  return { visible: null, freeBytes: null, diskSource: null, image: '', left: [], note };
}
const MOUNT_POINT = '/berth-probe';

/** An image of one empty tar, imported (not pulled) when the daemon has none: 1024 zero bytes. */
async function importEmptyImage(): Promise<string | undefined> {
  const name = `berth-probe:${randomBytes(5).toString('hex')}`;
  const result = await run(['docker', 'import', '-', name], { ...QUICK, stdin: '\0'.repeat(1024) });
  return result.exitCode === 0 ? name : undefined;
}

async function probeImage(): Promise<{ image: string; hasDf: boolean; imported: boolean } | undefined> {
  const list = await run(['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], QUICK);
  const picked = pickProbeImage(list.exitCode === 0 ? list.stdout.split('\n').filter(Boolean) : []);
  if (picked) return { ...picked, imported: false };
  const imported = await importEmptyImage();
  return imported ? { image: imported, hasDf: false, imported: true } : undefined;
}

/** The probe: created (`create`), or run once and removed by the daemon (`run`, with df only). */
export function planProbeContainer(
  name: string,
  dir: string,
  image: string,
  hasDf: boolean,
  verb: 'create' | 'run' = 'create',
): string[] {
  const argv = ['docker', ...(verb === 'run' ? ['run', '--rm'] : ['create']), '--name', name];
  argv.push('--label', 'berth.role=probe');
  // --mount, not -v: with -v a daemon that lacks the folder would create it on its own host.
  argv.push('--mount', `type=bind,source=${dir},target=${MOUNT_POINT},readonly`);
  return hasDf
    ? [...argv, '--entrypoint', 'df', image, '-kP', '/']
    : [...argv, '--entrypoint', '/berth-none', image];
}

/** A folder with a random name under the workspace. */
function makeMarker(workspace: string): { dir: string } | string {
  try {
    return { dir: mkdtempSync(path.join(workspace, `.berth-probe-${randomBytes(8).toString('hex')}-`)) };
  } catch (error) {
    return `no marker under the workspace: ${errorText(error)}`;
  }
}

/**
 * Free space, while the probe container exists: statfs of the data root when the container's record
 * shows it is the daemon's own here, else df by starting the container (planDiskReading).
 */
async function readDisk(
  name: string,
  id: string,
  hasDf: boolean,
  daemon: Promise<DaemonFacts>,
): Promise<Pick<ProbeResult, 'freeBytes' | 'diskSource'>> {
  const { rootDir, containerdStore } = await daemon;
  const record = probeRecord(rootDir, id);
  const probeRecordSeen = record !== undefined && existsSync(record);
  for (const source of planDiskReading({ containerdStore, probeRecordSeen, hasDf })) {
    const freeBytes =
      source === 'data root'
        ? statfsFree(rootDir)
        : parseDf((await run(['docker', 'start', '--attach', name], QUICK)).stdout);
    if (freeBytes !== undefined) return { freeBytes, diskSource: source };
  }
  return { freeBytes: null, diskSource: null };
}

/**
 * With the containerd image store, layers are outside the data root and only df in the probe reads
 * free space (planDiskReading): one `docker run --rm` gives the verdict and the reading, where create,
 * start and rm are three client starts (0.2 to 0.4 s more beside the tests on engine 28). Exit 125: the
 * daemon did not run it (the bind's source is not there for it, or the start failed).
 */
async function lookOnce(name: string, dir: string, image: string): Promise<ProbeResult> {
  const result = await run(planProbeContainer(name, dir, image, true, 'run'), QUICK);
  if (result.exitCode === 125) return { ...unread(lastLine(result.stderr)), visible: false, image };
  const freeBytes = parseDf(result.stdout) ?? null;
  return { ...unread(), visible: true, image, freeBytes, diskSource: freeBytes === null ? null : 'probe' };
}

/** Creates the probe container (the verdict), reads free space, removes what it made. */
async function look(
  dir: string,
  picked: { image: string; hasDf: boolean; imported: boolean },
  daemon: Promise<DaemonFacts>,
  removeMarker: () => void,
): Promise<ProbeResult> {
  const name = containerName('probe');
  if (picked.hasDf && (await daemon).containerdStore) return lookOnce(name, dir, picked.image);
  const result: ProbeResult = { ...unread(), visible: false, image: picked.image };
  const created = await run(planProbeContainer(name, dir, picked.image, picked.hasDf), QUICK);
  if (created.exitCode !== 0) {
    result.note = lastLine(created.stderr);
  } else {
    result.visible = true;
    // the record is looked for before `docker rm` takes it away; df starts the container, which
    // needs the bound folder, so the marker goes after the reading
    Object.assign(result, await readDisk(name, lastLine(created.stdout), picked.hasDf, daemon));
    removeMarker();
    if ((await run(['docker', 'rm', '--volumes', name], QUICK)).exitCode !== 0)
      result.left.push(`container ${name}`);
  }
  if (picked.imported && (await run(['docker', 'rmi', picked.image], QUICK)).exitCode !== 0)
    result.left.push(`image ${picked.image}`);
  return result;
}

async function probeWith(
  dir: string,
  daemon: Promise<DaemonFacts>,
  removeMarker: () => void,
): Promise<ProbeResult> {
  try {
    const picked = await probeImage();
    if (!picked) return unread('no image to probe with');
    return await look(dir, picked, daemon, removeMarker);
  } finally {
    removeMarker();
  }
}

/**
 * Runs the probe. `daemon`, the facts of `docker info` (the image store, the data root), is awaited
 * once the probe has its image. The marker folder is under the workspace until the probe is done: no build
 * may read the workspace meanwhile. Never rejects: a failure is the result's note.
 */
export async function probeDaemonView(workspace: string, daemon: Promise<DaemonFacts>): Promise<ProbeResult> {
  const marker = makeMarker(workspace);
  if (typeof marker === 'string') return unread(marker);
  const removeMarker = (): void => rmSync(marker.dir, { recursive: true, force: true });
  return probeWith(marker.dir, daemon, removeMarker).catch((error: unknown): ProbeResult => {
    removeMarker();
    return unread(errorText(error));
  });
}
