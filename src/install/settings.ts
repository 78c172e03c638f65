// The install and daemon inputs, parsed into one typed object (called from inputs.ts): which docker,
// compose and buildx to install, from where, how strictly to verify, and whether to start a daemon.

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
}

export const DEFAULT_URLS = {
  docker: 'https://download.docker.com/linux/static',
  compose: 'https://github.com/docker/compose/releases/download',
  buildx: 'https://github.com/docker/buildx/releases/download',
} as const;

type Read = (name: string) => string;

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** `27.3.1`, `v27.3.1` and `docker-v29.0.0` all mean `27.3.1`; anything else is refused by name. */
export function parseVersion(name: string, value: string, allowLatest: boolean): string {
  if (value === '') return '';
  if (allowLatest && value.toLowerCase() === 'latest') return 'latest';
  const version = value.replace(/^(docker-)?v/i, '');
  if (!VERSION.test(version)) {
    const valid = allowLatest ? 'X.Y.Z (e.g. 27.3.1), vX.Y.Z or latest' : 'X.Y.Z (e.g. 2.29.7) or vX.Y.Z';
    throw new Error(`${name}: '${value}' is not a version: use ${valid}`);
  }
  return version;
}

function parseSha256(name: string, value: string): string {
  if (value === '') return '';
  const hex = value.replace(/^sha256:/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${name}: is not a sha256: use 64 hex digits`);
  return hex;
}

function parseUrl(name: string, value: string, fallback: string): string {
  const text = (value || fallback).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(text)) {
    throw new Error(`${name}: '${value}' is not a URL: use http(s)://host/path`);
  }
  return text;
}

function choice<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  if (value === '') return fallback;
  const found = allowed.find((option) => option === value.toLowerCase());
  if (found === undefined) throw new Error(`${name}: '${value}' is not one of ${allowed.join(', ')}`);
  return found;
}

function parseObject(name: string, value: string): Record<string, unknown> {
  if (value === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`${name}: is not valid JSON (${why}): use an object such as {"debug": true}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${name}: must be a JSON object such as {"debug": true}`);
  }
  return parsed as Record<string, unknown>;
}

function tool(read: Read, name: 'docker' | 'compose' | 'buildx', allowLatest: boolean): ToolRequest {
  return {
    version: parseVersion(`${name}-version`, read(`${name}-version`), allowLatest),
    downloadUrl: parseUrl(`${name}-download-url`, read(`${name}-download-url`), DEFAULT_URLS[name]),
    sha256: parseSha256(`${name}-sha256`, read(`${name}-sha256`)),
  };
}

export function parseInstallSettings(read: Read): InstallSettings {
  return {
    docker: {
      ...tool(read, 'docker', true),
      channel: choice('docker-channel', read('docker-channel'), ['stable', 'test'] as const, 'stable'),
    },
    compose: tool(read, 'compose', false),
    buildx: tool(read, 'buildx', false),
    verify: choice('verify', read('verify'), ['warn', 'strict'] as const, 'warn'),
    daemon: choice('daemon', read('daemon'), ['existing', 'dedicated'] as const, 'existing'),
    daemonConfig: parseObject('daemon-config', read('daemon-config')),
    daemonTls: choice('daemon-tls', read('daemon-tls'), ['true', 'false'] as const, 'false') === 'true',
  };
}

/** True when the settings ask for anything to be installed or started. */
export function wantsSetup(settings: InstallSettings): boolean {
  return (
    settings.docker.version !== '' ||
    settings.compose.version !== '' ||
    settings.buildx.version !== '' ||
    settings.daemon === 'dedicated'
  );
}
