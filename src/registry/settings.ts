// The login, tag and push inputs, parsed into one typed object (called from inputs.ts): the tags and
// their templates, `latest`, the logins, promotion, retries. This module loads no package: inputs.ts
// checks the inputs before main's code loads.
import {
  isRegistryHostName,
  isValidTag,
  parseReference,
  parseRepository,
  type Repository,
} from '../core/image-ref.js';
import {
  duration,
  flag,
  inputError,
  items,
  notOption,
  oneLine,
  oneOf,
  wholeNumber,
} from '../core/input-values.js';
import { ciLogins, parseLogins, registriesUsed } from './credentials.js';
import type { PublishSettings } from './push.js';
import type { TagSettings } from './tags.js';
import { hasTemplate, splitEntry, templateError } from './templates.js';

/** Reads one input by name, trimmed, empty when unset (inputs.ts's InputReader). */
type InputReader = (name: string) => string;

/**
 * A `tags` entry: a tag, or a `name:tag` reference (its name normalised), either of them with
 * templates (checked here, filled in once the run is known).
 */
function tagEntry(repository: Repository | undefined, entry: string): string {
  const { name, tag } = splitEntry(entry);
  const problem = hasTemplate(tag) ? templateError(entry) : undefined;
  if (problem) throw inputError('tags', problem);
  const parsed = name ? parseRepository(name) : repository;
  const validTag = hasTemplate(tag) || isValidTag(tag);
  if (!name && validTag && !repository)
    throw inputError('tags', `bare tag '${entry}' needs 'image' to be set`);
  if (typeof parsed === 'string' || !parsed || !tag || !validTag) {
    throw inputError(
      'tags',
      `'${entry}' is neither a tag (letters, digits, '_', '.', '-'), a name:tag reference nor a template such as {{sha}}`,
    );
  }
  return name ? `${parsed.name}:${tag}` : tag;
}

/** `tag-prefix` / `tag-suffix`: what may stand at the start / the end of a tag. */
function tagAffix(name: string, value: string, start: boolean): string {
  const valid = start ? /^([A-Za-z0-9_][A-Za-z0-9_.-]*)?$/ : /^[A-Za-z0-9_.-]*$/;
  if (!valid.test(value) || value.length > 64)
    throw inputError(
      name,
      `'${value}' cannot ${start ? 'start' : 'end'} a tag (letters, digits, '_', '.', '-')`,
    );
  return value;
}

function tagSettings(read: InputReader, image: Repository | undefined): TagSettings {
  return {
    entries: items(read('tags')).map((entry) => tagEntry(image, entry)),
    defaultTags: flag('default-tags', read('default-tags'), true),
    prefix: tagAffix('tag-prefix', read('tag-prefix'), true),
    suffix: tagAffix('tag-suffix', read('tag-suffix'), false),
    latest: oneOf('latest', read('latest'), ['auto', 'true', 'false'] as const, 'auto'),
  };
}

function registryHost(value: string): string {
  if (value && !isRegistryHostName(value))
    throw inputError(
      'registry',
      `'${value}' is not a registry host such as ghcr.io or registry.example:5000`,
    );
  return value;
}

/**
 * `promote-from`: a full reference (`name:tag`, `name@sha256:...`), or a tag or digest of `image`
 * (`sha-1a2b3c4`, `sha256:...`).
 */
function promoteFrom(value: string, image: Repository | undefined): string {
  if (!value) return '';
  const problem = hasTemplate(value) ? templateError(value) : undefined;
  if (problem) throw inputError('promote-from', problem);
  // a template is checked as the reference its sample values give
  const sample = value.replace(/\{\{[^}]*\}\}/g, 'x');
  const bare = isValidTag(sample) || /^sha256:[0-9a-f]{64}$/.test(sample);
  if (bare && !image) throw inputError('promote-from', `'${value}' needs 'image' to be set`);
  const reference = bare ? `${image?.name}${value.startsWith('sha256:') ? '@' : ':'}${value}` : value;
  const parsed = parseReference(notOption('promote-from', reference.replace(/\{\{[^}]*\}\}/g, 'x')));
  if (typeof parsed === 'string' || !(parsed.tag || parsed.digest))
    throw inputError(
      'promote-from',
      `'${value}' is not a tag, a digest or a reference such as ghcr.io/acme/shop:sha-1a2b3c4`,
    );
  return reference;
}

export function parsePublishSettings(
  read: InputReader,
  image: Repository | undefined,
  env: NodeJS.ProcessEnv,
): PublishSettings {
  const username = oneLine('username', read('username'));
  const password = oneLine('password', read('password'));
  if (Boolean(username) !== Boolean(password)) {
    const [missing, given] = username ? ['password', 'username'] : ['username', 'password'];
    throw inputError(missing, `is required when '${given}' is set`);
  }
  const registry = registryHost(read('registry')) || image?.registry || '';
  if (password && !registry) throw inputError('registry', 'is required to log in when no image is given');
  const tags = tagSettings(read, image);
  const promote = promoteFrom(read('promote-from'), image);
  const given = [...(password ? [{ registry, username, password }] : []), ...parseLogins(read('logins'))];
  return {
    tags,
    push: oneOf('push', read('push'), ['auto', 'true', 'false'] as const, 'auto'),
    logins: [...given, ...ciLogins(env, registriesUsed(image, [...tags.entries, promote]), given)],
    logout: flag('logout', read('logout'), true),
    promoteFrom: promote,
    retries: wholeNumber('retries', read('retries') || '3', 20),
    timeoutMs: duration('push-timeout', read('push-timeout'), 1_800_000) || 1_800_000,
  };
}
