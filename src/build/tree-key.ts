// The tree key: a digest of everything a build of this commit reads, so that a commit whose tree was
// already built, tested and pushed (a re-run, a fast-forward merge, a merge queue's commit, a change
// to files the build never sees) is not built again. It covers the files of the context as
// `.dockerignore` selects them (path, kind, executable bit, content), the Dockerfile, the target, the
// build args and the references of the base images. A base image's reference, not its digest: a tag
// that moves is picked up by the scheduled rebuilds (`no-cache: auto`), which always build.
//
// The key is recorded as a tag of the image's own repository, `tree-<key>`, put on the tested manifest
// once the tests passed and the image was pushed. A tag rather than a label: a label is in the image
// before its tests run, so it cannot say "tested"; a tag is found with one manifest request without
// knowing which image to look at, and costs no upload (one PUT of a manifest the registry has).
// .dockerignore's rules are Docker's own (`**`, `!` exceptions): @balena/dockerignore implements
// them as the Docker CLI and BuildKit do.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import * as path from 'node:path';
import dockerignore from '@balena/dockerignore';
import * as core from '@actions/core';
import type { Env } from '../core/file-view.js';
import type { Repository } from '../core/image-ref.js';
import type { KeyValue } from '../core/input-values.js';
import { tagInRegistry } from '../registry/api.js';
import { answerWithin, findManifest } from '../registry/lookup.js';
import type { RunContext } from '../detect/run-context.js';
import type { Credentials } from '../registry/login.js';
import { noCacheFlags } from './cache-plan.js';
import type { BuildSettings } from './image-build.js';
import { parseStages, type DockerfileStages } from './stages.js';

/** What a build reads besides its context's files. */
export interface TreeInputs {
  context: string;
  file: string;
  target: string;
  buildArgs: readonly KeyValue[];
}

/** The tag that records a tested tree. */
export const treeTag = (key: string): string => `tree-${key}`;

/** The `.dockerignore` rules of a context (BuildKit also reads `<Dockerfile>.dockerignore` first). */
async function ignoreRules(inputs: TreeInputs): Promise<string[]> {
  for (const name of [`${inputs.file}.dockerignore`, path.join(inputs.context, '.dockerignore')]) {
    const text = await readFile(name, 'utf8').catch(() => undefined);
    if (text !== undefined)
      return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
  }
  return [];
}

/** The context's files the build can see, relative with `/`, sorted; directories left out whole when no rule can bring a file back. */
export async function contextFiles(context: string, rules: readonly string[]): Promise<string[]> {
  // a CommonJS module whose function is also its own `default`, the name its types give it
  const matcher = dockerignore.default().add([...rules]);
  const exceptions = rules.some((rule) => rule.startsWith('!'));
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(path.join(context, dir), { withFileTypes: true });
    for (const entry of entries) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      const ignored = matcher.ignores(relative);
      if (entry.isDirectory()) {
        if (!ignored || exceptions) await walk(relative);
      } else if (!ignored) {
        found.push(relative);
      }
    }
  };
  await walk('');
  return found.sort();
}

function fileDigest(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** The base images the target's stages start from (not other stages), in stage order. */
export function baseReferences(parsed: DockerfileStages): string[] {
  const names = new Set(parsed.stages.flatMap((stage) => [stage.name, String(stage.index)]));
  return parsed.needed
    .map((index) => parsed.stages[index]?.base ?? '')
    .filter((base) => base && !names.has(base.toLowerCase()));
}

/** The key of what a build of `inputs` reads: 64 hex digits. */
export async function treeKey(inputs: TreeInputs, parsed: DockerfileStages): Promise<string> {
  const hash = createHash('sha256').update('berth tree 1\n');
  const line = (...parts: string[]): void => void hash.update(`${parts.join('\0')}\n`);
  line('dockerfile', await fileDigest(inputs.file));
  line('target', inputs.target);
  for (const { key, value } of [...inputs.buildArgs].sort((a, b) => a.key.localeCompare(b.key)))
    line('arg', key, value);
  for (const base of baseReferences(parsed)) line('base', base);
  for (const relative of await contextFiles(inputs.context, await ignoreRules(inputs))) {
    const file = path.join(inputs.context, relative);
    const stat = await lstat(file);
    if (stat.isSymbolicLink()) line('link', relative, await readlink(file));
    else if (stat.isFile()) line('file', relative, String(stat.mode & 0o111 ? 1 : 0), await fileDigest(file));
  }
  return hash.digest('hex');
}

/** What the lookup found: the key, and the image to reuse with why, when there is one. */
export interface TestedTree {
  key: string;
  /** `<image>:tree-<key>` when this tree was built, tested and pushed, and may be reused. */
  reuse?: { reference: string; why: string };
}

/**
 * The tree key of this build and, unless a rebuild is asked for (`tested-tree: build`, `no-cache`, a
 * scheduled run with `no-cache: auto`), the tested image of the same tree in the registry. The run's
 * context is awaited only once the key is made: the key is hashed while git is asked for it.
 */
export async function findTestedTree(
  settings: BuildSettings,
  image: Repository,
  context: Promise<Pick<RunContext, 'event'>>,
  logins: readonly Credentials[],
  env: Env = process.env,
): Promise<TestedTree> {
  const parsed = parseStages(await readFile(settings.file, 'utf8'), settings.buildArgs, settings.target);
  const key = await treeKey(settings, parsed);
  const reference = `${image.name}:${treeTag(key)}`;
  if (settings.testedTree === 'build') return { key };
  if (noCacheFlags(settings.noCache, (await context).event).noCache) return { key };
  const found = await answerWithin(findManifest(reference, logins, env));
  if ('reason' in found)
    core.info(`tested tree: could not look for ${reference} (${found.reason}); building`);
  if (!('digest' in found)) return { key };
  const why = `this tree (key ${key.slice(0, 12)}) was built, tested and pushed before as ${reference}: pulled, not built again`;
  return { key, reuse: { reference, why } };
}

/** Records a tested, pushed image as its tree's: the tag `tree-<key>` on the manifest `digest`. */
export async function recordTestedTree(
  image: Repository,
  key: string,
  pushed: { digest: string; imageId: string },
  logins: readonly Credentials[],
): Promise<void> {
  const tag = `${image.name}:${treeTag(key)}`;
  const tagged = await tagInRegistry(`${image.name}@${pushed.digest}`, [tag], pushed.imageId, logins);
  if ('reason' in tagged)
    core.warning(`tested tree: ${tag} not recorded (${tagged.reason}): the next run of this tree builds it`);
  else core.info(`tested tree: recorded as ${tag}`);
}
