// Whether the registry has a manifest under a tag, asked with HEAD requests of the distribution API
// (api.ts's sessions): the tested tree's tag (build/tree-key.ts), the stage cache images a build may
// read (build/cache-read.ts). A lookup that cannot tell says why; the caller decides what that means.
import { errorText } from '../core/errors.js';
import type { Env } from '../core/file-view.js';
import { parseRepository, splitReference } from '../core/image-ref.js';
import {
  apiRepository,
  IMAGE_INDEXES,
  IMAGE_MANIFESTS,
  openSession,
  resolveCredentials,
  type Session,
} from './api.js';
import type { Credentials } from './login.js';

export type ManifestLookup = { digest: string } | { missing: true } | { reason: string };

/**
 * Whether the registry has a manifest under `reference` (`name:tag`): its digest, `missing` when the
 * registry says it has none (404), or why it could not tell.
 */
export async function findManifest(
  reference: string,
  logins: readonly Credentials[],
  env: Env = process.env,
): Promise<ManifestLookup> {
  return firstManifest([reference], logins, env);
}

/**
 * findManifest of each reference in turn, up to the first that is not missing: its answer, or `missing`
 * when every one is. The references of one repository share a session (one token, one connection).
 */
export async function firstManifest(
  references: readonly string[],
  logins: readonly Credentials[],
  env: Env = process.env,
): Promise<ManifestLookup> {
  const sessions = new Map<string, Promise<Session>>();
  try {
    for (const reference of references) {
      const source = splitReference(reference);
      const repository = parseRepository(source.name);
      if (typeof repository === 'string' || !source.tag) return { reason: `${reference} is not name:tag` };
      const apiPath = apiRepository(repository);
      const key = `${repository.registry}/${apiPath}`;
      if (!sessions.has(key)) {
        const opening = openRepository(repository.registry, apiPath, logins, env);
        // awaited below; marked handled so that a failure is this lookup's answer, not an unhandled one
        opening.catch(() => undefined);
        sessions.set(key, opening);
      }
      const found = await headManifest(await (sessions.get(key) as Promise<Session>), apiPath, source.tag);
      if (!('missing' in found))
        return 'digest' in found ? found : { reason: `${reference}: ${found.reason}` };
    }
    return { missing: true };
  } catch (error) {
    return { reason: errorText(error) };
  } finally {
    for (const session of sessions.values())
      session.then(
        (open) => open.http.dispose(),
        () => undefined,
      );
  }
}

/**
 * A lookup given up after `ms`: a registry that takes connections and answers nothing costs the run
 * that long, not the client's timeouts.
 */
export function answerWithin(lookup: Promise<ManifestLookup>, ms = 5_000): Promise<ManifestLookup> {
  const silence = new Promise<{ reason: string }>((resolve) =>
    setTimeout(() => resolve({ reason: `no answer within ${ms / 1000} s` }), ms).unref(),
  );
  return Promise.race([lookup, silence]);
}

/** A pull session with one repository, with the credentials a login or the docker config gives it. */
async function openRepository(
  registry: string,
  apiPath: string,
  logins: readonly Credentials[],
  env: Env,
): Promise<Session> {
  const credentials = await resolveCredentials(registry, logins, env);
  if ('reason' in credentials) throw new Error(credentials.reason);
  return openSession(registry, apiPath, 'basic' in credentials ? credentials.basic : undefined);
}

/** HEAD of one manifest: its digest, `missing` (404), or what the registry answered. */
async function headManifest(
  session: Session,
  apiPath: string,
  tag: string,
): Promise<{ digest: string } | { missing: true } | { reason: string }> {
  const accept = [...IMAGE_MANIFESTS, ...IMAGE_INDEXES].join(', ');
  const headers = session.authorization ? { accept, authorization: session.authorization } : { accept };
  const answer = await session.http.request(
    'HEAD',
    `${session.base}/v2/${apiPath}/manifests/${tag}`,
    null,
    headers,
  );
  await answer.readBody();
  const status = answer.message.statusCode;
  if (status === 404) return { missing: true };
  const digest = answer.message.headers['docker-content-digest'];
  if (status !== 200 || typeof digest !== 'string') return { reason: `answered ${status}` };
  return { digest };
}
