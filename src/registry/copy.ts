// Tags put on a manifest that is in a registry already, with no build and no daemon: the same
// repository gets one PUT of the manifest's very bytes per tag; another repository or another registry
// first gets the blobs (config and layers) and, for an index, every image it lists, then the same
// bytes, so every tag names the very digest of `from`. Promotion (`promote-from`) uses it, and so may
// anything that re-tags an image already tested.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import * as core from '@actions/core';
import type { Env } from '../core/file-view.js';
import { parseReference, type Repository } from '../core/image-ref.js';
import {
  apiRepository,
  IMAGE_INDEXES,
  IMAGE_MANIFESTS,
  openSession,
  resolveCredentials,
  type Session,
} from './api.js';
import type { Credentials } from './login.js';

/** A session on one repository, with the helpers the copy needs. */
interface Repo {
  repository: Repository;
  path: string;
  session: Session;
}

/** What putOnManifest did: the digest every target names, and the image's config digest (its ID). */
export interface PutResult {
  digest: string;
  /** The config digest of the image (of the first image of an index). */
  configDigest: string;
}

const ACCEPT = [...IMAGE_MANIFESTS, ...IMAGE_INDEXES].join(', ');

async function open(
  repository: Repository,
  actions: string,
  logins: readonly Credentials[],
  env: Env,
): Promise<Repo> {
  const credentials = await resolveCredentials(repository.registry, logins, env);
  if ('reason' in credentials) throw new Error(credentials.reason);
  const path = apiRepository(repository);
  const basic = 'basic' in credentials ? credentials.basic : undefined;
  return { repository, path, session: await openSession(repository.registry, path, basic, actions) };
}

function headers(repo: Repo, extra: Record<string, string> = {}): Record<string, string> {
  return repo.session.authorization ? { ...extra, authorization: repo.session.authorization } : extra;
}

async function getManifest(
  repo: Repo,
  reference: string,
): Promise<{ bytes: string; type: string; digest: string }> {
  const url = `${repo.session.base}/v2/${repo.path}/manifests/${encodeURIComponent(reference)}`;
  const got = await repo.session.http.get(url, headers(repo, { accept: ACCEPT }));
  const bytes = await got.readBody();
  if (got.message.statusCode !== 200)
    throw new Error(`${repo.repository.name}:${reference} answered ${got.message.statusCode}`);
  const type = String(got.message.headers['content-type'] ?? '').split(';')[0] ?? '';
  if (![...IMAGE_MANIFESTS, ...IMAGE_INDEXES].includes(type))
    throw new Error(`${repo.repository.name}:${reference} is a ${type || 'manifest of no type'}`);
  return { bytes, type, digest: `sha256:${createHash('sha256').update(bytes, 'utf8').digest('hex')}` };
}

async function putManifest(repo: Repo, reference: string, bytes: string, type: string): Promise<void> {
  const url = `${repo.session.base}/v2/${repo.path}/manifests/${encodeURIComponent(reference)}`;
  const put = await repo.session.http.request('PUT', url, bytes, headers(repo, { 'content-type': type }));
  await put.readBody();
  if (put.message.statusCode !== 201)
    throw new Error(
      `PUT of the manifest ${repo.repository.name}:${reference} answered ${put.message.statusCode}`,
    );
}

/** Copies one blob unless the target has it: GET from the source, one monolithic upload to the target. */
async function copyBlob(source: Repo, target: Repo, digest: string): Promise<void> {
  const blobUrl = (repo: Repo): string => `${repo.session.base}/v2/${repo.path}/blobs/${digest}`;
  const head = await target.session.http.head(blobUrl(target), headers(target));
  await head.readBody();
  if (head.message.statusCode === 200) return;
  const got = await source.session.http.get(blobUrl(source), headers(source));
  const body = await (got.readBodyBuffer ? got.readBodyBuffer() : Buffer.from(await got.readBody()));
  if (got.message.statusCode !== 200) throw new Error(`blob ${digest} answered ${got.message.statusCode}`);
  const started = await target.session.http.request(
    'POST',
    `${target.session.base}/v2/${target.path}/blobs/uploads/`,
    '',
    headers(target, { 'content-length': '0' }),
  );
  await started.readBody();
  const location = started.message.headers.location;
  if (started.message.statusCode !== 202 || typeof location !== 'string')
    throw new Error(`starting the upload of ${digest} answered ${started.message.statusCode}`);
  const upload = new URL(location, target.session.base);
  upload.searchParams.set('digest', digest);
  const put = await target.session.http.request(
    'PUT',
    upload.toString(),
    Readable.from([body]),
    headers(target, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }),
  );
  await put.readBody();
  if (put.message.statusCode !== 201)
    throw new Error(`upload of ${digest} answered ${put.message.statusCode}`);
}

/** Copies a manifest by digest (its blobs, or for an index its images first); returns its config digest. */
async function copyManifest(source: Repo, target: Repo, reference: string, copy: boolean): Promise<string> {
  const manifest = await getManifest(source, reference);
  const parsed = JSON.parse(manifest.bytes) as {
    config?: { digest: string };
    layers?: { digest: string }[];
    manifests?: { digest: string }[];
  };
  let config = parsed.config?.digest ?? '';
  if (copy) {
    for (const child of parsed.manifests ?? []) {
      const childConfig = await copyManifest(source, target, child.digest, true);
      config ||= childConfig;
    }
    for (const blob of [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])])
      await copyBlob(source, target, blob.digest);
    await putManifest(target, manifest.digest, manifest.bytes, manifest.type);
  } else if (!config && parsed.manifests?.[0]) {
    config =
      (JSON.parse((await getManifest(source, parsed.manifests[0].digest)).bytes) as typeof parsed).config
        ?.digest ?? '';
  }
  return config;
}

/**
 * Puts `targets` (full `name:tag` references, in any repository of any registry) on the manifest that
 * `from` (`name:tag` or `name@sha256:...`) names, with the credentials of `logins` or docker's config.
 * Throws with the reason when the registry's API cannot do it (credentials only a helper's identity
 * token holds, a registry it cannot reach as the daemon does).
 */
export async function putOnManifest(
  from: string,
  targets: readonly string[],
  logins: readonly Credentials[],
  env: Env = process.env,
): Promise<PutResult> {
  const source = parseReference(from);
  if (typeof source === 'string') throw new Error(`${from} ${source}`);
  const reference = source.digest ?? source.tag ?? 'latest';
  const byRepository = new Map<string, { repository: Repository; tags: string[] }>();
  for (const target of targets) {
    const parsed = parseReference(target);
    if (typeof parsed === 'string' || !parsed.tag) throw new Error(`${target} is not name:tag`);
    const entry = byRepository.get(parsed.repository.name) ?? { repository: parsed.repository, tags: [] };
    entry.tags.push(parsed.tag);
    byRepository.set(parsed.repository.name, entry);
  }
  const opened: Repo[] = [];
  try {
    const actions = byRepository.has(source.repository.name) ? 'pull,push' : 'pull';
    const from = await open(source.repository, actions, logins, env);
    opened.push(from);
    const manifest = await getManifest(from, reference);
    if (source.digest && manifest.digest !== source.digest)
      throw new Error(`${source.repository.name}@${source.digest} answered another digest`);
    let configDigest = '';
    for (const { repository, tags } of byRepository.values()) {
      const same = repository.name === source.repository.name;
      const target = same ? from : await open(repository, 'pull,push', logins, env);
      if (!same) opened.push(target);
      const config = await copyManifest(from, target, manifest.digest, !same);
      configDigest ||= config;
      for (const tag of tags) {
        await putManifest(target, tag, manifest.bytes, manifest.type);
        core.info(`pushed ${repository.name}:${tag} (${same ? 'tagged' : 'copied'} in the registry)`);
      }
    }
    if (!configDigest) configDigest = await copyManifest(from, from, manifest.digest, false);
    return { digest: manifest.digest, configDigest };
  } finally {
    for (const repo of opened) repo.session.http.dispose();
  }
}
