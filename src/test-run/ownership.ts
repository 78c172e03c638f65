// Ownership: files in the job's folders belong to the user running the step. `docker cp` writes the
// reports as the user who runs it, so they are the runner's whatever user the tests ran as. What a
// service writes as root into a folder of the workspace it binds is not: post hands such files back
// (a runner that is not root cannot remove them, and the next checkout fails on them).
import { lchownSync, lstatSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { containerName } from '../core/container.js';
import { lastLine } from '../core/errors.js';
import { run } from '../core/exec.js';

/** Who runs this step: the owner every file of the job should have. */
export function runnerIds(): { uid: number; gid: number } | undefined {
  return process.getuid && process.getgid ? { uid: process.getuid(), gid: process.getgid() } : undefined;
}

/** The files and folders under `dir` (itself included) that another user owns. */
export function foreignFiles(dir: string, uid: number): string[] {
  const found: string[] = [];
  const walk = (file: string): void => {
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      return;
    }
    if (stat.uid !== uid) found.push(file);
    if (!stat.isDirectory()) return;
    let entries: string[] = [];
    try {
      entries = readdirSync(file);
    } catch {
      return;
    }
    for (const entry of entries) walk(path.join(file, entry));
  };
  walk(dir);
  return found;
}

/** `chown -R` of a folder in a container of `image`, as root: only the daemon's root can hand files back. */
export function planHandBack(
  name: string,
  folder: string,
  image: string,
  ids: { uid: number; gid: number },
): string[] {
  return [
    ...['docker', 'run', '--name', name, '--label', 'berth.role=hand-back', '--user', '0:0'],
    ...['--mount', `type=bind,source=${folder},target=/berth-hand-back`, '--entrypoint', 'chown', image],
    ...['-R', `${ids.uid}:${ids.gid}`, '/berth-hand-back'],
  ];
}

/**
 * Post: hands back what the services left owned by another user in the workspace's folders they bound;
 * what cannot be handed back is a warning that names the folder.
 */
export async function handBack(folders: readonly string[], images: readonly string[]): Promise<void> {
  const ids = runnerIds();
  if (!ids) return;
  for (const folder of folders) {
    const foreign = foreignFiles(folder, ids.uid);
    if (foreign.length === 0) continue;
    if (ids.uid === 0) {
      // root hands them back itself
      for (const file of foreign) lchownSync(file, 0, 0);
      core.info(`cleanup: ${foreign.length} files a service wrote in ${folder} handed back to 0:0`);
      continue;
    }
    // the image under test first, then the services': the first with a chown does it
    let chown = { exitCode: 1, stderr: 'no image to run chown in' };
    for (const image of images) {
      const name = containerName('hand-back');
      chown = await run(planHandBack(name, folder, image, ids), { allowFailure: true, timeoutMs: 120_000 });
      await run(['docker', 'rm', name], { allowFailure: true, timeoutMs: 30_000 });
      if (chown.exitCode === 0) break;
    }
    const left = foreignFiles(folder, ids.uid).length;
    if (chown.exitCode === 0 && left === 0)
      core.info(
        `cleanup: ${foreign.length} files a service wrote in ${folder} handed back to ${ids.uid}:${ids.gid}`,
      );
    else
      core.warning(
        `cleanup: ${left} files in ${folder} belong to another user (a service wrote them): ${lastLine(chown.stderr) || 'chown did not change them'}`,
      );
  }
}
