// The install and daemon inputs, parsed into one typed object (called from inputs.ts): which docker,
// compose and buildx to install, from where, how strictly to verify, and whether to start a daemon.
import { flag, inputError, jsonObject, oneOf, sha256, url, version } from '../core/input-values.js';

export type Channel = 'stable' | 'test';
export type VerifyMode = 'warn' | 'strict';
export type DaemonMode = 'existing' | 'dedicated';

export interface ToolRequest {
  /** Exact `X.Y.Z[-pre]` without a `v`, `latest` (docker only), or empty: use what is there. */
  version: string;
  /** Base URL of the official layout, or of a mirror that copies it. */
  downloadUrl: string;
  /** Expected sha256 from the `*-sha256` input, lower-case hex; empty: use the published sum. */
  sha256: string;
}

export interface InstallSettings {
  docker: ToolRequest & { channel: Channel };
  compose: ToolRequest;
  buildx: ToolRequest;
  /** What to do when no checksum is found anywhere: warn, or refuse the download. */
  verify: VerifyMode;
  /** `existing`: use the daemon that is there; `dedicated`: start one of berth's own. */
  daemon: DaemonMode;
  /** Deep-merged into the dedicated daemon's daemon.json. */
  daemonConfig: Record<string, unknown>;
  /** Also listen on a TLS tcp socket on 127.0.0.1 with certificates made for this run. */
  daemonTls: boolean;
  /** The dedicated daemon's storage driver; empty: the daemon picks. */
  storageDriver: string;
}

export const DEFAULT_URLS = {
  docker: 'https://download.docker.com/linux/static',
  compose: 'https://github.com/docker/compose/releases/download',
  buildx: 'https://github.com/docker/buildx/releases/download',
} as const;

type Read = (name: string) => string;

function tool(read: Read, name: 'docker' | 'compose' | 'buildx', allowLatest: boolean): ToolRequest {
  return {
    version: version(`${name}-version`, read(`${name}-version`), allowLatest),
    downloadUrl: url(`${name}-download-url`, read(`${name}-download-url`), DEFAULT_URLS[name]),
    sha256: sha256(`${name}-sha256`, read(`${name}-sha256`)),
  };
}

const STORAGE_DRIVERS = ['overlay2', 'fuse-overlayfs', 'btrfs', 'zfs', 'vfs'] as const;

export function parseInstallSettings(read: Read): InstallSettings {
  const daemon = oneOf('daemon', read('daemon'), ['existing', 'dedicated'] as const, 'existing');
  const daemonConfig = jsonObject('daemon-config', read('daemon-config'));
  const storageDriver = read('storage-driver')
    ? oneOf('storage-driver', read('storage-driver'), STORAGE_DRIVERS, 'overlay2')
    : '';
  if (storageDriver && daemon !== 'dedicated')
    throw inputError('storage-driver', 'applies to a daemon berth starts: set daemon: dedicated');
  if (storageDriver && 'storage-driver' in daemonConfig)
    throw inputError('storage-driver', "is given twice: leave 'storage-driver' out of daemon-config");
  return {
    docker: {
      ...tool(read, 'docker', true),
      channel: oneOf('docker-channel', read('docker-channel'), ['stable', 'test'] as const, 'stable'),
    },
    compose: tool(read, 'compose', false),
    buildx: tool(read, 'buildx', false),
    verify: oneOf('verify', read('verify'), ['warn', 'strict'] as const, 'warn'),
    daemon,
    daemonConfig: storageDriver ? { ...daemonConfig, 'storage-driver': storageDriver } : daemonConfig,
    daemonTls: flag('daemon-tls', read('daemon-tls'), false),
    storageDriver,
  };
}
