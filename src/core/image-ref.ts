// Image reference grammar (the distribution spec's, simplified to what berth accepts from users).

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?$`);

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

export interface Reference {
  repository: Repository;
  tag: string | undefined;
  /** `sha256:<64 hex>` when the reference pins a digest. */
  digest: string | undefined;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Parses `name[:tag][@sha256:...]`; returns an error text naming the problem. */
export function parseReference(input: string): Reference | string {
  const text = input.trim();
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  if (digest !== undefined && !DIGEST.test(digest))
    return `has an invalid digest '${digest}' (sha256:<64 hex>)`;
  const { name, tag } = splitReference(at >= 0 ? text.slice(0, at) : text);
  if (tag !== undefined && !isValidTag(tag)) return `has an invalid tag '${tag}'`;
  const repository = parseRepository(name);
  if (typeof repository === 'string') return repository;
  return { repository, tag, digest };
}

/** Whether `host` is a registry host: a name or address, with a port or not. */
export function isRegistryHostName(host: string): boolean {
  return HOST.test(host);
}
