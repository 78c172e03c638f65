// The folders a compose project binds: read from compose's own resolved configuration (`config`), so
// that merge keys, `extends`, `include`, variables and `~` mean what they mean to compose. Before the
// services start, each is checked from the daemon's side: berth in a container beside the daemon, or a
// remote daemon, does not share the job's folders, and a bind mount there would silently be an empty
// folder of the daemon's host.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { containerName } from '../core/container.js';
import { lastLine, withKind } from '../core/errors.js';
import { run } from '../core/exec.js';
import { isInside } from '../core/file-view.js';

/** What the services of a resolved configuration bind, and the images they run. */
export interface ComposeConfig {
  binds: { service: string; source: string }[];
  images: string[];
}

interface ServiceSpec {
  image?: string;
  volumes?: (string | { type?: string; source?: string })[];
}

/**
 * Reads `compose config` output (YAML from v1 and v2 alike): the bind mounts' sources, absolute there
 * (long syntax `type: bind` from v2, `/src:/dst:rw` from v1), relative ones resolved against `directory`.
 */
export function readConfig(text: string, directory: string): ComposeConfig {
  const doc = (parse(text) ?? {}) as { services?: Record<string, ServiceSpec | null> };
  const binds: ComposeConfig['binds'] = [];
  const images = new Set<string>();
  for (const [service, spec] of Object.entries(doc.services ?? {})) {
    if (spec?.image) images.add(spec.image);
    for (const volume of spec?.volumes ?? []) {
      const source =
        typeof volume === 'string'
          ? (volume.split(':')[0] ?? '')
          : volume.type === 'bind'
            ? (volume.source ?? '')
            : '';
      if (/^[./]/.test(source)) binds.push({ service, source: path.resolve(directory, source) });
    }
  }
  return { binds, images: [...images] };
}

/** The nearest folder at or above `file` that exists: what the daemon must see for compose to bind it. */
export function nearestFolder(file: string): string {
  let folder = file;
  while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return folder;
}

/** The workspace's bound sources (there yet or not: the daemon makes a missing one, as root). */
export function workspaceBinds(config: ComposeConfig, workspace: string): string[] {
  return [
    ...new Set(config.binds.map(({ source }) => source).filter((source) => isInside(source, workspace))),
  ];
}

/**
 * Refuses a bind mount the daemon cannot see. For each folder, a folder with a random name is made in
 * it and bound into a container of `image` that is created and never started: `--mount` refuses a
 * source the daemon lacks, and only this job's folder has that name.
 */
export async function checkBinds(config: ComposeConfig, image: string): Promise<void> {
  const folders = new Map<string, string>();
  for (const { service, source } of config.binds) {
    const folder = nearestFolder(source);
    if (!folders.has(folder)) folders.set(folder, service);
  }
  for (const [folder, service] of folders) {
    const marker = path.join(folder, `.berth-bind-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(marker);
    } catch {
      continue; // a folder berth cannot write in: compose will tell
    }
    const name = containerName('bind-check');
    try {
      const created = await run(
        [
          ...['docker', 'create', '--name', name, '--label', 'berth.role=probe'],
          ...['--mount', `type=bind,source=${marker},target=/berth-bind,readonly`],
          ...['--entrypoint', '/berth-none', image],
        ],
        { allowFailure: true, timeoutMs: 30_000 },
      );
      if (created.exitCode !== 0)
        throw withKind(
          'environment',
          new Error(
            `compose-file: service ${service} binds ${folder}, which the daemon cannot see (${lastLine(created.stderr)}); ` +
              'the daemon runs elsewhere than this job: build the files into an image, or use a named volume',
          ),
        );
      await run(['docker', 'rm', name], { allowFailure: true, timeoutMs: 30_000 });
    } finally {
      rmSync(marker, { recursive: true, force: true });
    }
  }
}
