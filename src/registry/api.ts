// Tags put in the registry itself. When the registry already has a manifest of the very image (a warm
// run's image is its final stage's cache image; a cold run's first tag was just pushed), each further
// tag is one PUT of that manifest's bytes: no daemon, no layer checks. Written on
// @actions/http-client (which honours the runner's proxy settings) because what is needed is four
// requests of the distribution API; the client libraries for it are unmaintained or pull in far more.
// Whatever this cannot do safely returns a reason, and the caller pushes with docker instead: a
// manifest of another image, an index, credentials that only a helper holds, a registry it cannot
// reach the way the daemon does (a self-signed certificate, an insecure registry that is not local).
import { createHash } from 'node:crypto';
import * as core from '@actions/core';
import { HttpClient, type HttpClientResponse } from '@actions/http-client';
import { readDockerConfig } from '../core/docker-cli.js';
import { errorText } from '../core/errors.js';
import { run } from '../core/exec.js';
import { pause } from '../core/retry.js';
import { realFiles, type Env, type FileView } from '../core/file-view.js';
import { parseRepository, splitReference, type Repository } from '../core/image-ref.js';
import type { Credentials } from './login.js';

/** The manifest types a copy may carry: one image, Docker's or OCI's. Lists and indexes are left to docker. */
export const IMAGE_MANIFESTS = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
];
/** What the containerd image store pushes: an index, whose digest is the image's ID there. */
export const IMAGE_INDEXES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

/** A challenge from `WWW-Authenticate`: `Bearer realm="...",service="..."` or `Basic realm="..."`. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export function parseChallenge(header: string): Challenge | undefined {
  const match = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of (match[2] ?? '').matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
    if (key) params[key.toLowerCase()] = quoted?.replace(/\\(.)/g, '$1') ?? bare ?? '';
  return { scheme: (match[1] ?? '').toLowerCase(), params };
}

/** credentialsFor, with a helper asked. */
export async function resolveCredentials(
  registry: string,
  logins: readonly Credentials[],
  env: Env,
): Promise<{ basic: string } | { none: true } | { reason: string }> {
  const found = credentialsFor(registry, logins, env);
  return 'helper' in found ? askHelper(found.helper, found.server) : found;
}

/** Hosts Docker treats as insecure unless told otherwise: the loopback ones, which may speak plain HTTP. */
export function isLoopback(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0];
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name ?? '');
}

/** Where the API answers, in the order to try: HTTPS, and plain HTTP only for a loopback host. */
export function apiBases(registry: string): string[] {
  const host = registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
  return isLoopback(host) ? [`https://${host}`, `http://${host}`] : [`https://${host}`];
}

/** The repository's name in the registry's API: Docker Hub's official images are library/<name>. */
export function apiRepository(repository: Repository): string {
  const hubOfficial = repository.registry === DOCKER_HUB && !repository.path.includes('/');
  return hubOfficial ? `library/${repository.path}` : repository.path;
}

/** What credentialsFor finds: a `user:password` pair, none, a helper to ask, or why the API is not used. */
export type Found =
  { basic: string } | { none: true } | { helper: string; server: string } | { reason: string };

/** The `user:password` pair for a registry, from berth's own logins or docker's config; else a reason. */
export function credentialsFor(
  registry: string,
  logins: readonly Credentials[],
  env: Env,
  files: Pick<FileView, 'read'> = realFiles,
): Found {
  const hub = registry === DOCKER_HUB;
  const login = logins.find((given) => {
    const host = given.registry.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    return host === registry || (hub && /(^|\.)docker\.io$/.test(host));
  });
  if (login) return { basic: Buffer.from(`${login.username}:${login.password}`).toString('base64') };
  const config = readDockerConfig(env, files);
  if ('invalid' in config) return { reason: config.invalid };
  const key = hub ? DOCKER_HUB_CONFIG_KEY : registry;
  const entry = config.auths?.[key] ?? config.auths?.[`https://${key}`] ?? config.auths?.[`http://${key}`];
  const helper = config.credHelpers?.[key];
  if (helper) return { helper, server: key };
  if (entry?.identitytoken) return { reason: `credentials for ${registry} are an identity token` };
  if (entry?.auth) return { basic: entry.auth };
  if (config.credsStore) return { helper: config.credsStore, server: key };
  return { none: true };
}

/**
 * Asks a credential helper (`docker-credential-<name> get`, the server on stdin) as the docker CLI
 * does: `Username`/`Secret` as a basic pair; "credentials not found" as none (docker goes anonymous);
 * an identity token (`<token>`) or a failing helper as a reason to leave it to docker.
 */
export async function askHelper(helper: string, server: string): Promise<Exclude<Found, { helper: string }>> {
  const program = `docker-credential-${helper}`;
  const result = await run([program, 'get'], { stdin: server, allowFailure: true, timeoutMs: 30_000 }).catch(
    (error: unknown) => ({ exitCode: 127, stdout: '', stderr: errorText(error) }),
  );
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(`${result.stdout}${result.stderr}`)) return { none: true };
    return {
      reason: `${program} failed for ${server}: ${(result.stderr || result.stdout).trim().slice(0, 200)}`,
    };
  }
  try {
    const { Username, Secret } = JSON.parse(result.stdout) as { Username?: string; Secret?: string };
    if (Username === '<token>') return { reason: `credentials for ${server} are an identity token` };
    if (!Username || !Secret) return { reason: `${program} gave no credentials for ${server}` };
    core.setSecret(Secret);
    return { basic: Buffer.from(`${Username}:${Secret}`).toString('base64') };
  } catch {
    return { reason: `${program} answered what is not JSON` };
  }
}

/** A base URL that answered, the Authorization header that works for pull and push there, its client. */
export interface Session {
  base: string;
  authorization: string | undefined;
  /** Keeps its connection for the requests that follow (one protocol per client). */
  http: HttpClient;
}

const client = (keepAlive: boolean): HttpClient =>
  new HttpClient('berth', [], { allowRedirects: true, socketTimeout: 10_000, keepAlive });

async function tokenFor(
  challenge: Challenge,
  repository: string,
  actions: string,
  basic: string | undefined,
): Promise<string> {
  const realm = challenge.params.realm;
  if (!realm) throw new Error('the Bearer challenge names no realm');
  const url = new URL(realm);
  if (basic && url.protocol !== 'https:' && !isLoopback(url.host))
    throw new Error(`the token service ${url.origin} is not HTTPS: no password is sent there`);
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  url.searchParams.set('scope', `repository:${repository}:${actions}`);
  const http = client(false);
  const response = await http.get(url.toString(), basic ? { authorization: `Basic ${basic}` } : {});
  const body = await response.readBody();
  http.dispose();
  if (response.message.statusCode !== 200)
    throw new Error(`the token service answered ${response.message.statusCode}`);
  const parsed = JSON.parse(body) as { token?: string; access_token?: string };
  const token = parsed.token ?? parsed.access_token;
  if (!token) throw new Error('the token service gave no token');
  core.setSecret(token);
  return token;
}

/** A session with the registry's API for one repository, with a token for `actions` where it asks for one. */
export async function openSession(
  registry: string,
  repository: string,
  basic: string | undefined,
  actions = 'pull,push',
): Promise<Session> {
  let lastError = '';
  for (const base of apiBases(registry)) {
    const http = client(true);
    let response: HttpClientResponse;
    try {
      response = await http.get(`${base}/v2/`);
      await response.readBody();
    } catch (error) {
      http.dispose();
      lastError = errorText(error);
      continue;
    }
    const status = response.message.statusCode;
    const header = response.message.headers['www-authenticate'];
    const challenge = status === 401 && typeof header === 'string' ? parseChallenge(header) : undefined;
    try {
      if (status === 200) return { base, authorization: undefined, http };
      if (challenge?.scheme === 'bearer')
        return {
          base,
          authorization: `Bearer ${await tokenFor(challenge, repository, actions, basic)}`,
          http,
        };
      if (challenge?.scheme === 'basic' && basic) return { base, authorization: `Basic ${basic}`, http };
    } catch (error) {
      http.dispose();
      throw error;
    }
    http.dispose();
    throw new Error(`${base}/v2/ answered ${status}${challenge ? ` asking for ${challenge.scheme}` : ''}`);
  }
  throw new Error(`no answer from ${registry}: ${lastError}`);
}

/**
 * Whether a registry is silent: it takes connections and answers nothing within `timeoutMs` (what
 * would hang a build that reads its cache, or a pull, for as long as the daemon waits). Any other
 * outcome (an answer, a refused connection, a certificate berth does not trust but the daemon may)
 * says something is there, or fails fast on its own.
 */
export async function registrySilent(registry: string, timeoutMs = 5_000): Promise<boolean> {
  const [base = ''] = apiBases(registry);
  const http = new HttpClient('berth', [], { socketTimeout: timeoutMs, keepAlive: false });
  try {
    await (await http.get(`${base}/v2/`)).readBody();
    return false;
  } catch (error) {
    return /^Request timeout/.test(errorText(error));
  } finally {
    http.dispose();
  }
}

/** The outcome: the manifest's digest with every tag on it, or why the caller should push with docker. */
/** `name:tag`, or `name[:tag]@digest` with the digest as what the manifest is asked by. */
function manifestReference(reference: string): { name: string; tag: string | undefined } {
  const at = reference.indexOf('@');
  if (at < 0) return splitReference(reference);
  return { name: splitReference(reference.slice(0, at)).name, tag: reference.slice(at + 1) };
}

export type RegistryTagging = { digest: string } | { reason: string };

/**
 * Puts `tags` (references in the same repository as `from`) on the manifest `from` points at, when
 * that manifest describes the image `imageId` (its config digest).
 */
export async function tagInRegistry(
  from: string,
  tags: readonly string[],
  imageId: string,
  logins: readonly Credentials[],
  env: Env = process.env,
): Promise<RegistryTagging> {
  const source = manifestReference(from);
  const repository = parseRepository(source.name);
  if (typeof repository === 'string' || !source.tag)
    return { reason: `${from} is not name:tag or name@digest` };
  const names = tags.map(splitReference);
  if (names.some((name) => name.name !== source.name || !name.tag))
    return { reason: 'the tags are not all in the repository of the manifest' };
  const apiPath = apiRepository(repository);
  const credentials = await resolveCredentials(repository.registry, logins, env);
  if ('reason' in credentials) return credentials;
  let session: Session | undefined;
  try {
    const basic = 'basic' in credentials ? credentials.basic : undefined;
    session = await openSession(repository.registry, apiPath, basic);
    const { http, authorization } = session;
    const headers = (extra: Record<string, string>): Record<string, string> =>
      authorization ? { ...extra, authorization } : extra;
    const base = session.base;
    // a tag or a digest: neither has a character to escape
    const manifestUrl = (tag: string): string => `${base}/v2/${apiPath}/manifests/${tag}`;

    const accept = [...IMAGE_MANIFESTS, ...IMAGE_INDEXES].join(', ');
    // a registry may answer 5xx for a moment while other pushes to the repository go on: asked again
    let got = await http.get(manifestUrl(source.tag), headers({ accept }));
    let bytes = await got.readBody();
    for (let attempt = 1; attempt < 3 && (got.message.statusCode ?? 0) >= 500; attempt++) {
      await pause(250 * attempt);
      got = await http.get(manifestUrl(source.tag), headers({ accept }));
      bytes = await got.readBody();
    }
    if (got.message.statusCode !== 200) return { reason: `${from} answered ${got.message.statusCode}` };
    const mediaType = String(got.message.headers['content-type'] ?? '').split(';')[0] ?? '';
    const digest = `sha256:${createHash('sha256').update(bytes, 'utf8').digest('hex')}`;
    if (IMAGE_INDEXES.includes(mediaType)) {
      if (digest !== imageId) return { reason: `${from} is an index of another image` };
    } else if (IMAGE_MANIFESTS.includes(mediaType)) {
      const manifest = JSON.parse(bytes) as { config?: { digest?: string } };
      if (manifest.config?.digest !== imageId) return { reason: `${from} is another image` };
    } else {
      return { reason: `${from} is a ${mediaType || 'manifest of no type'}` };
    }

    await Promise.all(
      names.map(async ({ tag }) => {
        const put = await http.request(
          'PUT',
          manifestUrl(tag ?? ''),
          bytes,
          headers({ 'content-type': mediaType }),
        );
        await put.readBody();
        if (put.message.statusCode !== 201)
          throw new Error(`PUT of the manifest for ${tag} answered ${put.message.statusCode}`);
      }),
    );
    return { digest };
  } catch (error) {
    return { reason: errorText(error) };
  } finally {
    session?.http.dispose();
  }
}
