// The Actions cache service, for the stage cache images (build/cache-actions.ts) and the installs
// (install/pipeline.ts). Files and folders go through @actions/cache, loaded only when used: it takes
// half a second to load, which every other run would pay.
//
// Streams go through the service's v2 protocol directly: @actions/cache only saves files it archives
// and restores them to files, so an image would be written and read three times on each side (the
// saved tar, the archive, the extracted tar) where a pull writes it once; measured on engine 28 with a
// 150 MiB layer, 2.9 s against 1.4 s for the pull. The protocol is three Twirp calls (create, finalize,
// look up) and the blob behind the URLs they sign: uploaded in blocks by the Azure SDK, as the toolkit
// does, and downloaded with one GET.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { HttpClient } from '@actions/http-client';
import { errorText } from './errors.js';
import { withRetries } from './retry.js';

export type ActionsCache = typeof import('@actions/cache');

export const loadActionsCache = (): Promise<ActionsCache> => import('@actions/cache');

type Env = Record<string, string | undefined>;

/** @actions/cache where an Actions cache service is there, else undefined (without loading it). */
export async function cacheService(env: Env = process.env): Promise<ActionsCache | undefined> {
  if (!env.ACTIONS_CACHE_URL && !env.ACTIONS_RESULTS_URL) return undefined;
  const cache = await loadActionsCache();
  return cache.isFeatureAvailable() ? cache : undefined;
}

/** The v2 service the runner announces (the variables @actions/cache reads), else undefined. */
export function streamService(env: Env = process.env): { url: string; token: string } | undefined {
  const { ACTIONS_RESULTS_URL: url, ACTIONS_RUNTIME_TOKEN: token, ACTIONS_CACHE_SERVICE_V2: v2 } = env;
  return url && token && v2 ? { url, token } : undefined;
}

/**
 * The version of an entry: entries of another version are never matched, so neither @actions/cache's
 * archives nor another format of berth's are ever given to a reader of this one.
 */
export function streamVersion(format: string): string {
  return createHash('sha256').update(`berth stream|${format}`).digest('hex');
}

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const client = new HttpClient('berth', [], { socketTimeout: 120_000 });

/** One Twirp call, JSON; 5xx and network failures tried again, as the toolkit does. */
async function twirp(env: Env, method: string, request: object): Promise<Record<string, unknown>> {
  const service = streamService(env);
  if (!service) throw new Error('no Actions cache service (v2) here');
  const url = new URL(`${SERVICE}${method}`, service.url).href;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${service.token}` };
  return withRetries(
    async () => {
      const response = await client.post(url, JSON.stringify(request), headers);
      const body = await response.readBody();
      const status = response.message.statusCode ?? 0;
      if (status < 200 || status >= 300) throw new Error(`${method}: HTTP ${status} ${body.slice(0, 200)}`);
      return JSON.parse(body) as Record<string, unknown>;
    },
    { retries: 3, label: `Actions cache ${method}` },
  );
}

/** A field of a Twirp answer, which may name it in camelCase or as the .proto does. */
function field(answer: Record<string, unknown>, camel: string, snake: string): string {
  return String(answer[camel] ?? answer[snake] ?? '');
}

/** The entry a restore gets (the key, else each restore key as a prefix), streamed; undefined: none. */
export async function openEntry(
  key: string,
  restoreKeys: readonly string[],
  version: string,
  env: Env = process.env,
): Promise<{ key: string; body: Readable } | undefined> {
  const answer = await twirp(env, 'GetCacheEntryDownloadURL', { key, restore_keys: restoreKeys, version });
  if (!answer.ok) return undefined;
  const url = field(answer, 'signedDownloadUrl', 'signed_download_url');
  const response = await withRetries(
    async () => {
      const got = await client.get(url);
      const status = got.message.statusCode ?? 0;
      if (status === 200) return got;
      await got.readBody();
      throw new Error(`the cache entry's download: HTTP ${status}`);
    },
    { retries: 3, label: 'Actions cache download' },
  );
  return { key: field(answer, 'matchedKey', 'matched_key'), body: response.message };
}

/**
 * A new entry: the URL the service signs for its upload, or undefined when the key is taken (a key is
 * written once). An entry is seen only once finalized, so a failed upload leaves nothing to restore.
 */
export async function createEntry(
  key: string,
  version: string,
  env: Env = process.env,
): Promise<string | undefined> {
  const created = await twirp(env, 'CreateCacheEntry', { key, version });
  return created.ok ? field(created, 'signedUploadUrl', 'signed_upload_url') : undefined;
}

/** Uploads an entry's bytes from a stream, in blocks; the number of bytes. */
export async function uploadEntry(url: string, body: AsyncIterable<Buffer>): Promise<number> {
  let size = 0;
  const counted = Readable.from(
    (async function* () {
      for await (const chunk of body) {
        size += chunk.length;
        yield chunk;
      }
    })(),
  );
  const { BlockBlobClient } = await import('@azure/storage-blob');
  // 16 MiB blocks, 4 at a time: the toolkit's concurrency, with less held in memory than its 32 MiB
  await new BlockBlobClient(url).uploadStream(counted, 16 * 1024 * 1024, 4).catch((error: unknown) => {
    throw new Error(`the cache entry's upload: ${errorText(error)}`);
  });
  return size;
}

/** Makes an uploaded entry visible to restores. */
export async function finalizeEntry(
  key: string,
  version: string,
  size: number,
  env: Env = process.env,
): Promise<void> {
  const done = await twirp(env, 'FinalizeCacheEntryUpload', { key, version, size_bytes: String(size) });
  if (!done.ok) throw new Error(`the cache entry was not finalized: ${field(done, 'message', 'message')}`);
}
