// Which registries berth logs in to: `registry`/`username`/`password`, the `logins` list, and where
// none names a registry berth uses, the CI's own conventions (GitLab's CI_REGISTRY variables; CircleCI's
// DOCKER_LOGIN/DOCKER_PASSWORD of its docker orb). Read with the inputs, before main's code loads:
// this module loads no package.
import { isRegistryHostName, parseRepository, type Repository } from '../core/image-ref.js';
import { inputError, oneLine } from '../core/input-values.js';
import type { Credentials } from './login.js';
import { splitEntry } from './templates.js';

type Env = Record<string, string | undefined>;

const KEYS = ['registry', 'username', 'password'] as const;

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? (quoted[2] ?? '') : value;
}

/**
 * The `logins` input: a YAML list of `registry`, `username`, `password` (as docker/login-action's
 * `registry-auth` takes it). Read here with a few lines rather than a YAML library, which the entry,
 * that checks the inputs before main's code loads, would have to load. Errors name the entry, never
 * a value.
 */
export function parseLogins(text: string): Credentials[] {
  const entries: Partial<Record<(typeof KEYS)[number], string>>[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#')) return;
    const item = line.startsWith('- ') || line === '-';
    if (item) entries.push({});
    const pair = item ? line.slice(1).trim() : line;
    if (!pair) return;
    const match = /^([a-z]+)\s*:\s*(.*)$/.exec(pair);
    const key = KEYS.find((known) => known === match?.[1]);
    const entry = entries[entries.length - 1];
    if (!match || !key || !entry)
      throw inputError(
        'logins',
        `line ${index + 1} is not '- registry: HOST' or 'username: ...' / 'password: ...'`,
      );
    entry[key] = unquote(match[2] ?? '');
  });
  return entries.map((entry, index) => {
    const { registry = '', username = '', password = '' } = entry;
    if (!isRegistryHostName(registry))
      throw inputError('logins', `entry ${index + 1}: registry '${registry}' is not a host such as ghcr.io`);
    if (!username || !password)
      throw inputError('logins', `entry ${index + 1} (${registry}) needs a username and a password`);
    return { registry, username: oneLine('logins', username), password: oneLine('logins', password) };
  });
}

/** The host of a login's registry as the API compares it: no scheme, no path. */
function host(registry: string): string {
  return registry.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}

/**
 * The CI's own credentials for the registries berth uses (`used`) that no given login names: GitLab's
 * `CI_REGISTRY`/`CI_REGISTRY_USER`/`CI_REGISTRY_PASSWORD` for `CI_REGISTRY`; on CircleCI, the docker
 * orb's `DOCKER_LOGIN`/`DOCKER_PASSWORD` for the image's registry when nothing at all is given.
 */
export function ciLogins(env: Env, used: readonly string[], given: readonly Credentials[]): Credentials[] {
  const named = new Set(given.map((login) => host(login.registry)));
  const found: Credentials[] = [];
  const { CI_REGISTRY, CI_REGISTRY_USER, CI_REGISTRY_PASSWORD } = env;
  if (
    CI_REGISTRY &&
    CI_REGISTRY_USER &&
    CI_REGISTRY_PASSWORD &&
    used.includes(host(CI_REGISTRY)) &&
    !named.has(host(CI_REGISTRY))
  )
    found.push({ registry: host(CI_REGISTRY), username: CI_REGISTRY_USER, password: CI_REGISTRY_PASSWORD });
  const [image] = used;
  if (
    env.CIRCLECI &&
    env.DOCKER_LOGIN &&
    env.DOCKER_PASSWORD &&
    image &&
    given.length === 0 &&
    found.length === 0
  )
    found.push({ registry: image, username: env.DOCKER_LOGIN, password: env.DOCKER_PASSWORD });
  return found;
}

/** The registries a run uses: the image's first, then those of the full references in `tags`. */
export function registriesUsed(image: Repository | undefined, entries: readonly string[]): string[] {
  const named = entries.flatMap((entry) => {
    const parsed = splitEntry(entry).name ? parseRepository(splitEntry(entry).name) : undefined;
    return parsed && typeof parsed !== 'string' ? [parsed.registry] : [];
  });
  return [...new Set([...(image ? [image.registry] : []), ...named])];
}
