// Detect: which daemon answers, what it and the client are, and which builder berth can use.
// The result is computed once and read by every phase; it is also the `environment` output.
import { existsSync } from 'node:fs';
import * as core from '@actions/core';
import { run } from './exec.js';

export type Builder = 'buildx' | 'buildkit' | 'legacy';

export interface Daemon {
  /** Endpoint berth talks to, e.g. `unix:///var/run/docker.sock`. */
  host: string;
  /** Where the endpoint came from: `DOCKER_HOST`, `default socket` ... */
  source: string;
  clientVersion: string;
  serverVersion: string;
  apiVersion: string;
  os: string;
  storageDriver: string;
}

export interface Environment {
  daemon: Daemon;
  /** How images are built: buildx, BuildKit built into the client, or the legacy builder. */
  builder: Builder;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';
const PING_TIMEOUT_MS = 15_000;

interface VersionJson {
  Client?: { Version?: string };
  Server?: { Version?: string; ApiVersion?: string; Os?: string } | null;
}

/** The endpoint to try: DOCKER_HOST, else the default socket when it exists. */
export function daemonCandidate(
  env: Record<string, string | undefined>,
  socketExists: (path: string) => boolean,
): { host: string; source: string } | undefined {
  if (env.DOCKER_HOST) return { host: env.DOCKER_HOST, source: 'DOCKER_HOST' };
  if (socketExists(DEFAULT_SOCKET)) return { host: `unix://${DEFAULT_SOCKET}`, source: 'default socket' };
  return undefined;
}

/**
 * Picks the builder: buildx when the plugin is there, BuildKit when the client has it built in (before
 * 23.0), else the legacy builder. DOCKER_BUILDKIT=0 asks for the legacy builder.
 */
export function chooseBuilder(
  clientVersion: string,
  hasBuildx: boolean,
  buildkitEnv: string | undefined,
): Builder {
  if (buildkitEnv === '0' || buildkitEnv === 'false') return 'legacy';
  if (hasBuildx) return 'buildx';
  const major = Number(clientVersion.split('.')[0]);
  return Number.isFinite(major) && major > 0 && major < 23 ? 'buildkit' : 'legacy';
}

async function ping(host: string): Promise<VersionJson> {
  const result = await run(['docker', 'version', '--format', '{{json .}}'], {
    env: { DOCKER_HOST: host },
    allowFailure: true,
    timeoutMs: PING_TIMEOUT_MS,
  });
  let parsed: VersionJson = {};
  try {
    parsed = JSON.parse(result.stdout) as VersionJson;
  } catch {
    // the message below says what the CLI said
  }
  if (!parsed.Server?.Version) {
    const said = result.timedOut ? 'no answer within 15 s' : (result.stderr.trim().split('\n').pop() ?? '');
    throw new Error(`No Docker daemon answers at ${host}: ${said}`);
  }
  return parsed;
}

export async function detect(): Promise<Environment> {
  const candidate = daemonCandidate(process.env, existsSync);
  if (!candidate) {
    throw new Error(
      `No Docker daemon: DOCKER_HOST is unset and ${DEFAULT_SOCKET} does not exist. Start a daemon, or set DOCKER_HOST to one (unix:///path/docker.sock or tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH).`,
    );
  }
  const version = await ping(candidate.host);
  process.env.DOCKER_HOST = candidate.host;
  const info = await run(['docker', 'info', '--format', '{{.Driver}}'], {
    allowFailure: true,
    timeoutMs: PING_TIMEOUT_MS,
  });
  const buildx = await run(['docker', 'buildx', 'version'], {
    allowFailure: true,
    timeoutMs: PING_TIMEOUT_MS,
  });
  const clientVersion = version.Client?.Version ?? '';
  const environment: Environment = {
    daemon: {
      ...candidate,
      clientVersion,
      serverVersion: version.Server?.Version ?? '',
      apiVersion: version.Server?.ApiVersion ?? '',
      os: version.Server?.Os ?? '',
      storageDriver: info.exitCode === 0 ? info.stdout.trim() : '',
    },
    builder: chooseBuilder(clientVersion, buildx.exitCode === 0, process.env.DOCKER_BUILDKIT),
  };
  core.info(
    `Docker ${environment.daemon.serverVersion} at ${candidate.host} (${candidate.source}), client ${clientVersion}, ${environment.daemon.storageDriver || 'unknown'} storage, ${environment.builder} builder`,
  );
  return environment;
}
