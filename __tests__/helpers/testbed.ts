// The engine and registry the test command started (scripts/testbed.sh). Tests that claim Docker
// behaviour fail, never skip, when it is not there.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the tests with 'npm test', which starts the testbed engine and registry`,
    );
  return value;
}

/** The testbed engine's endpoint, e.g. unix:///tmp/.../docker.sock. */
export const dockerHost = (): string => required('DOCKER_HOST');

/** The testbed registry, host:port on 127.0.0.1. */
export const registry = (): string => required('BERTH_TESTBED_REGISTRY');

/** A repository name no other test uses. */
export function uniqueRepository(label: string): string {
  return `${registry()}/e2e/${label}-${randomBytes(4).toString('hex')}`;
}

/** A docker command against the testbed engine; returns stdout, throws on failure. */
export function docker(...args: string[]): string {
  return execFileSync('docker', args, {
    env: { ...process.env, DOCKER_HOST: dockerHost() },
    encoding: 'utf8',
  });
}

/** Whether the testbed engine has a container of that exact name, in any state. */
export function containerExists(name: string): boolean {
  return docker('ps', '--all', '--quiet', '--filter', `name=^${name}$`).trim() !== '';
}

/** The testbed engine's clock as `docker events --since/--until` take it: seconds, to the millisecond. */
export function eventTime(): string {
  return (Date.now() / 1000).toFixed(3);
}

/**
 * What the testbed engine did to one container between two eventTime()s, in order: `create`,
 * `archive-path` (a `docker cp`), `start`, `die`, `destroy` ...
 */
export function containerEvents(name: string, since: string, until: string): string[] {
  const args = ['events', '--since', since, '--until', until, '--filter', `container=${name}`];
  return docker(...args, '--format', '{{.Action}}')
    .split('\n')
    .filter(Boolean);
}

/**
 * When the testbed engine first saw `action` between two eventTime()s, in ns since the epoch, on a
 * container (`create`, `die` ...) or an image (`tag` ...).
 */
export function eventAt(
  type: 'container' | 'image',
  name: string,
  action: string,
  since: string,
  until: string,
): bigint {
  const args = ['events', '--since', since, '--until', until, '--filter', `type=${type}`];
  const filters = ['--filter', `${type}=${name}`, '--filter', `event=${action}`];
  const lines = docker(...args, ...filters, '--format', '{{.TimeNano}}').split('\n');
  const first = lines.find(Boolean);
  if (!first) throw new Error(`the engine saw no ${action} of ${type} ${name}`);
  return BigInt(first);
}

/** The visibility probe's container in a main step's log (its debug line of `docker create`). */
export function probeContainer(log: string): string {
  const name = /::debug::run: docker (?:create|run --rm) --name (berth-probe-[0-9a-f]+) /.exec(log)?.[1];
  if (!name) throw new Error(`no probe container in the log:\n${log}`);
  return name;
}

/** Tags of a repository as the registry's HTTP API lists them (none when it does not know it). */
export async function registryTags(repository: string): Promise<string[]> {
  const [host, ...rest] = repository.split('/');
  const response = await fetch(`http://${host}/v2/${rest.join('/')}/tags/list`);
  if (response.status === 404) return [];
  const body = (await response.json()) as { tags?: string[] | null };
  return (body.tags ?? []).sort();
}

/**
 * Tags of the image itself, without what lives beside them: the stage cache images (`cache-*`) and the
 * records of tested trees (`tree-*`).
 */
export function withoutCacheTags(tags: readonly string[]): string[] {
  return tags.filter((tag) => !tag.startsWith('cache-') && !tag.startsWith('tree-')).sort();
}

/** The bare tags of a `tags` output (full references, one a line), sorted as the registry lists them. */
export function pushedTags(output: string | undefined): string[] {
  return (output ?? '')
    .split('\n')
    .filter(Boolean)
    .map((reference) => reference.slice(reference.lastIndexOf(':') + 1))
    .sort();
}

/** The manifest digest the registry serves for a tag. */
export async function registryDigest(repository: string, tag: string): Promise<string> {
  const [host, ...rest] = repository.split('/');
  const response = await fetch(`http://${host}/v2/${rest.join('/')}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      Accept: [
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        // what the containerd image store pushes
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
      ].join(', '),
    },
  });
  return response.headers.get('docker-content-digest') ?? '';
}

/**
 * Puts under `repository:tag` the same layers with a config that carries one more label: through the
 * registry's HTTP API, a new config blob and a manifest naming it. What a registry holds when a cache
 * image and a build of the same layers differ only in their config.
 */
export async function relabelInRegistry(repository: string, tag: string, label: string): Promise<void> {
  const [host, ...rest] = repository.split('/');
  const base = `http://${host}/v2/${rest.join('/')}`;
  const type = 'application/vnd.docker.distribution.manifest.v2+json';
  const manifest = (await (
    await fetch(`${base}/manifests/${tag}`, { headers: { Accept: type } })
  ).json()) as { config: { digest: string; size: number } };
  const config = (await (await fetch(`${base}/blobs/${manifest.config.digest}`)).json()) as {
    config: { Labels?: Record<string, string> | null };
  };
  config.config.Labels = { ...config.config.Labels, [label]: 'true' };
  const bytes = Buffer.from(JSON.stringify(config));
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const upload = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
  const location = new URL(upload.headers.get('location') ?? '', `http://${host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: bytes });
  if (put.status !== 201) throw new Error(`config upload answered ${put.status}`);
  manifest.config = { ...manifest.config, digest, size: bytes.length };
  const tagged = await fetch(`${base}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': type },
    body: JSON.stringify(manifest),
  });
  if (tagged.status !== 201) throw new Error(`manifest PUT answered ${tagged.status}`);
}

/** A job's variables for a push to `main`, the default branch, against a daemon. */
export function pushToMain(host: string): Record<string, string> {
  return {
    DOCKER_HOST: host,
    GITHUB_SHA: randomSha(),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
  };
}

export function randomSha(): string {
  return randomBytes(20).toString('hex');
}

/**
 * The image config the registry serves for a tag (the manifest's config blob; for an index, its first
 * image's), as a puller reads it: labels, created, architecture ...
 */
export async function registryImageConfig(
  repository: string,
  tag: string,
): Promise<{ config?: { Labels?: Record<string, string> } }> {
  const [host, ...rest] = repository.split('/');
  const base = `http://${host}/v2/${rest.join('/')}`;
  const accept = [
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
  ].join(', ');
  let manifest = (await (await fetch(`${base}/manifests/${tag}`, { headers: { accept } })).json()) as {
    config?: { digest: string };
    manifests?: { digest: string; platform?: { architecture?: string } }[];
  };
  const image = manifest.manifests?.find((entry) => entry.platform?.architecture !== 'unknown');
  if (image)
    manifest = (await (await fetch(`${base}/manifests/${image.digest}`, { headers: { accept } })).json()) as {
      config?: { digest: string };
    };
  if (!manifest.config) throw new Error(`${repository}:${tag} has no config`);
  return (await (await fetch(`${base}/blobs/${manifest.config.digest}`)).json()) as {
    config?: { Labels?: Record<string, string> };
  };
}
