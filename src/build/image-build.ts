// Build: one `docker build` with every cache reference, tagged with every tag, its ID read from a file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Builder } from '../detect/environment.js';
import { run } from '../core/exec.js';
import type { KeyValue } from '../core/input-values.js';

export interface BuildPlan {
  argv: string[];
  /** Build-arg values and builder switches, handed over in the environment. */
  env: Record<string, string>;
}

export interface BuildRequest {
  builder: Builder;
  context: string;
  file: string;
  target: string;
  buildArgs: readonly KeyValue[];
  tags: readonly string[];
  cacheFrom: readonly string[];
  iidFile: string;
  /** `--no-cache`: build every step again. */
  noCache?: boolean;
  /** `--pull`: fetch newer base images. */
  pull?: boolean;
  /** buildx cache exports (`type=registry,ref=...`). */
  cacheTo?: readonly string[];
  /** buildx: load the result into the daemon (default true); false when only exporting cache. */
  load?: boolean;
}

/**
 * The legacy builder keeps its default `--rm`: the daemon removes each step's intermediate container
 * itself, and when it cannot (btrfs daemons that fail to remove a root file system) it prints
 * "Removing intermediate container ..." with the error and the build goes on. `--rm=false` would leave
 * every intermediate container behind on every daemon, and `--force-rm` only adds removals after
 * failed steps; neither makes the build depend less on removal. BuildKit uses no containers.
 */
export function planBuild(request: BuildRequest): BuildPlan {
  const argv = request.builder === 'buildx' ? ['docker', 'buildx', 'build'] : ['docker', 'build'];
  if (request.builder === 'buildx' && request.load !== false) argv.push('--load');
  const env: Record<string, string> = {};
  if (request.builder === 'buildkit') env.DOCKER_BUILDKIT = '1';
  if (request.builder === 'legacy') env.DOCKER_BUILDKIT = '0';
  if (request.builder !== 'legacy')
    argv.push('--progress', 'plain', '--build-arg', 'BUILDKIT_INLINE_CACHE=1');
  argv.push('--file', request.file, '--iidfile', request.iidFile);
  if (request.target) argv.push('--target', request.target);
  if (request.noCache) argv.push('--no-cache');
  if (request.pull) argv.push('--pull');
  for (const { key, value } of request.buildArgs) {
    argv.push('--build-arg', key);
    env[key] = value;
  }
  for (const tag of request.tags) argv.push('--tag', tag);
  for (const ref of request.cacheFrom) argv.push('--cache-from', ref);
  for (const ref of request.cacheTo ?? []) argv.push('--cache-to', ref);
  argv.push(request.context);
  return { argv, env };
}

export interface BuildResult {
  imageId: string;
  /** What the build printed, stdout then stderr, for the per-stage cache report. */
  output: string;
}

/**
 * Runs a build; its output streams to the log unless `quiet` (a stage cache image made from the local
 * cache beside the tests, whose output would only interleave with theirs; a failure still shows its tail).
 */
export async function build(
  request: Omit<BuildRequest, 'iidFile'>,
  { quiet = false } = {},
): Promise<BuildResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-build-'));
  try {
    const plan = planBuild({ ...request, iidFile: path.join(dir, 'iid') });
    const result = await run(plan.argv, { env: plan.env, stream: !quiet, untrustedOutput: true });
    const output = `${result.stdout}\n${result.stderr}`;
    const iid = path.join(dir, 'iid');
    return {
      // a buildx cache export that loads nothing may write no ID
      imageId: existsSync(iid) ? readFileSync(iid, 'utf8').trim() : '',
      output,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
