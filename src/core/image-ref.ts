// Image reference grammar (the distribution spec's, simplified to what berth accepts from users).

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOST = /^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9a-fA-F:]+\]|[A-Za-z0-9-]+)(?::[0-9]+)?$/;

export interface Repository {
  /** Registry host[:port]; `docker.io` when the name has none. */
  registry: string;
  /** Path inside the registry, e.g. `acme/shop` (`library/x` is not added). */
  path: string;
  /** The name as written, lower-cased, without tag. */
  name: string;
}

/** True when the first component names a registry rather than a Docker Hub namespace. */
function isRegistryHost(first: string): boolean {
  return first === 'localhost' || first.includes('.') || first.includes(':') || first.startsWith('[');
}

/** Parses a repository name (no tag, no digest); returns an error text naming the problem. */
export function parseRepository(input: string): Repository | string {
  const name = input.trim();
  if (!name) return 'is empty';
  if (name.includes('@')) return `must not carry a digest (got '${name}')`;
  const parts = name.split('/');
  const last = parts[parts.length - 1] ?? '';
  if (last.includes(':')) return `must be a repository without a tag (got '${name}'); put tags in 'tags'`;
  const host = parts.length > 1 && isRegistryHost(parts[0] ?? '') ? parts.shift() : undefined;
  if (host !== undefined && !HOST.test(host)) return `has an invalid registry host '${host}'`;
  const path = parts.map((part) => part.toLowerCase());
  const bad = path.find((part) => !COMPONENT.test(part));
  if (bad !== undefined)
    return `has an invalid path component '${bad}' (lower-case letters, digits, '.', '_', '-')`;
  const lowered = path.join('/');
  return { registry: host ?? 'docker.io', path: lowered, name: host ? `${host}/${lowered}` : lowered };
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** Turns any text (a branch name) into a valid tag: invalid characters become '-', 128 at most. */
export function toTag(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
    .replace(/[.-]+$/, '');
  return cleaned || 'untagged';
}

/** Splits `name:tag` into its parts; the tag is undefined when there is none. */
export function splitReference(reference: string): { name: string; tag: string | undefined } {
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  if (colon > slash) return { name: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { name: reference, tag: undefined };
}
