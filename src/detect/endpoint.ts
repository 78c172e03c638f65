// Where the daemon is: the candidate endpoints in the order berth tries them, each with the TLS
// settings it needs. Pure: environment variables and a file view in, candidates out; findDaemon
// (environment.ts) pings them in turn.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { dockerConfigDir, home, readDockerConfig } from '../core/docker-cli.js';
import type { Env, FileView } from '../core/file-view.js';

export interface Endpoint {
  /** e.g. `unix:///var/run/docker.sock`, `tcp://docker:2376`. */
  host: string;
  /** Where it came from: `docker-host input`, `DOCKER_HOST`, `context NAME`, `dind (TLS)` ... */
  source: string;
  /** Directory with ca.pem, cert.pem and key.pem when the endpoint needs TLS. */
  certPath: string | undefined;
}

export interface Candidates {
  candidates: Endpoint[];
  /** Why a configured endpoint was not tried (missing TLS files, unreadable context). */
  skipped: string[];
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';
const TLS_FILES = ['ca.pem', 'cert.pem', 'key.pem'];

function missingTlsFiles(dir: string, files: FileView): string[] {
  return TLS_FILES.filter((name) => !files.nonEmpty(path.join(dir, name)));
}

/**
 * `DOCKER_HOST` (or the input) with the TLS settings the Docker CLI would take from the environment;
 * TLS applies to TCP endpoints only, never to a socket or ssh.
 */
function explicit(host: string, source: string, env: Env, files: FileView, skipped: string[]): Endpoint[] {
  const tcp = !/^(unix|npipe|ssh):\/\//.test(host);
  if (!tcp || !env.DOCKER_TLS_VERIFY || env.DOCKER_TLS_VERIFY === '0')
    return [{ host, source, certPath: undefined }];
  const certPath = env.DOCKER_CERT_PATH || path.join(home(env), '.docker');
  const missing = missingTlsFiles(certPath, files);
  if (missing.length === 0) return [{ host, source, certPath }];
  skipped.push(
    `${source} ${host}: DOCKER_TLS_VERIFY is set but ${certPath} lacks ${missing.join(', ')} (or they are empty)`,
  );
  return [];
}

/** The directory of a context in the CLI's store: the sha256 of its name. */
export function contextDir(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function fromContext(env: Env, files: FileView, skipped: string[]): Endpoint[] {
  const config = dockerConfigDir(env);
  let name = env.DOCKER_CONTEXT ?? '';
  if (!name) {
    const read = readDockerConfig(env, files);
    if ('invalid' in read) skipped.push(read.invalid);
    else name = read.currentContext ?? '';
  }
  if (!name || name === 'default') return [];
  const id = contextDir(name);
  const metaFile = path.join(config, 'contexts', 'meta', id, 'meta.json');
  let meta: ContextMeta = {};
  try {
    meta = JSON.parse(files.read(metaFile) ?? '{}') as ContextMeta;
  } catch {
    skipped.push(`context ${name}: ${metaFile} is not valid JSON`);
    return [];
  }
  const host = meta.Endpoints?.docker?.Host;
  if (!host) {
    skipped.push(`context ${name}: no docker endpoint in ${metaFile}`);
    return [];
  }
  const tlsDir = path.join(config, 'contexts', 'tls', id, 'docker');
  const certPath = missingTlsFiles(tlsDir, files).length === 0 ? tlsDir : undefined;
  return [{ host, source: `context ${name}`, certPath }];
}

/**
 * What the official docker image's entrypoint infers when no socket is there: the `docker` service of
 * a GitLab dind job, on 2376 with TLS when the client certificates are present, else on 2375. Tried
 * only where a dind service is plausible (GitLab, or a TLS cert dir configured or present), so that a
 * laptop with no daemon is not sent looking for a host called `docker`.
 */
function dind(env: Env, files: FileView): Endpoint[] {
  const certDir = env.DOCKER_TLS_CERTDIR ?? '/certs';
  const clientDir = certDir ? path.join(certDir, 'client') : '';
  const tls = clientDir !== '' && missingTlsFiles(clientDir, files).length === 0;
  if (tls) return [{ host: 'tcp://docker:2376', source: 'dind (TLS)', certPath: clientDir }];
  if (env.GITLAB_CI || env.DOCKER_TLS_CERTDIR !== undefined)
    return [{ host: 'tcp://docker:2375', source: 'dind', certPath: undefined }];
  return [];
}

function sockets(env: Env): [string, string][] {
  const runtime = env.XDG_RUNTIME_DIR;
  const user = home(env);
  return [
    [DEFAULT_SOCKET, 'default socket'],
    ...(runtime ? [[path.join(runtime, 'docker.sock'), 'rootless socket'] as [string, string]] : []),
    [path.join(user, '.docker/run/docker.sock'), 'Docker Desktop socket'],
    [path.join(user, '.docker/desktop/docker.sock'), 'Docker Desktop socket'],
    [path.join(user, '.colima/default/docker.sock'), 'Colima socket'],
    [path.join(user, '.colima/docker.sock'), 'Colima socket'],
    [path.join(user, '.rd/docker.sock'), 'Rancher Desktop socket'],
    ['/run/podman/podman.sock', 'Podman socket'],
    ...(runtime ? [[path.join(runtime, 'podman/podman.sock'), 'Podman socket'] as [string, string]] : []),
  ];
}

/**
 * The endpoints to try, in order: the `docker-host` input, DOCKER_HOST (with DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH), the current docker context, the dind inference when no socket exists, then the
 * sockets that exist: default, rootless, Desktop, Colima, Rancher Desktop, Podman. As in the Docker
 * CLI, a set DOCKER_HOST wins over DOCKER_CONTEXT; as in the docker image's entrypoint, dind is
 * inferred only when DOCKER_HOST is unset and no socket exists.
 */
export function endpointCandidates(env: Env, files: FileView, input: string): Candidates {
  const skipped: string[] = [];
  const candidates: Endpoint[] = [];
  if (input) candidates.push(...explicit(input, 'docker-host input', env, files, skipped));
  if (env.DOCKER_HOST) candidates.push(...explicit(env.DOCKER_HOST, 'DOCKER_HOST', env, files, skipped));
  else candidates.push(...fromContext(env, files, skipped));
  const present = sockets(env).filter(([socket]) => files.isSocket(socket));
  const socket = present.some(([, source]) => source === 'default socket' || source === 'rootless socket');
  if (!env.DOCKER_HOST && !socket) candidates.push(...dind(env, files));
  for (const [socket, source] of present)
    candidates.push({ host: `unix://${socket}`, source, certPath: undefined });
  const seen = new Set<string>();
  return { candidates: candidates.filter((c) => !seen.has(c.host) && Boolean(seen.add(c.host))), skipped };
}

/** The variables a docker client needs to reach an endpoint; empty values switch TLS off. */
export function endpointVariables(endpoint: Endpoint): Record<string, string> {
  return endpoint.certPath
    ? { DOCKER_HOST: endpoint.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: endpoint.certPath }
    : { DOCKER_HOST: endpoint.host, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' };
}

/**
 * What berth must export for later steps: the variables it resolved itself. Nothing when the job's own
 * environment already says the same (an empty value and an unset one say the same).
 */
export function variablesToExport(endpoint: Endpoint, env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(endpointVariables(endpoint)).filter(([name, value]) => (env[name] ?? '') !== value),
  );
}
