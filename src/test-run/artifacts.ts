// Artifacts: `docker cp` out of the stopped test container, beside the push. Never a bind mount: the
// daemon may not see the job's folders (a remote daemon, a job container beside its own daemon).
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { run } from '../core/exec.js';
import { lastLine } from '../core/errors.js';

export function planCopy(container: string, source: string, dest: string): string[] {
  return ['docker', 'cp', `${container}:${source.replace(/\/+$/, '')}/.`, dest];
}

/**
 * Counts the files and their bytes below a directory; what cannot be read (a folder the tests left
 * without permissions) is counted as such, never a failure of a step whose copy succeeded.
 */
export function measure(dir: string): { files: number; bytes: number; unreadable: number } {
  let files = 0;
  let bytes = 0;
  let unreadable = 0;
  const walk = (current: string): void => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      unreadable++;
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        files++;
        try {
          bytes += statSync(full).size;
        } catch {
          unreadable++;
        }
      }
    }
  };
  walk(dir);
  return { files, bytes, unreadable };
}

export interface Artifacts {
  dir: string;
  files: number;
  bytes: number;
  /** Folders and files among them that could not be read (counted, not a failure). */
  unreadable: number;
  /** Why nothing was copied when the test container had no such folder (a warning, not a failure). */
  missing: string;
}

/**
 * Copies the artifacts out, writing nothing to the log (it runs beside the push; `showArtifacts` writes
 * what it found). A container without the folder is a warning, not a failure.
 */
export async function copyArtifacts(container: string, source: string, dest: string): Promise<Artifacts> {
  mkdirSync(dest, { recursive: true });
  const result = await run(planCopy(container, source, dest), { allowFailure: true });
  let missing = '';
  if (result.exitCode !== 0) {
    if (!/no such|could not find/i.test(result.stderr))
      throw new Error(`artifacts: docker cp failed: ${lastLine(result.stderr)}`);
    missing = `artifacts-path: ${source} does not exist in the test container; nothing was copied`;
  }
  return { dir: dest, ...measure(dest), missing };
}

export function showArtifacts(artifacts: Artifacts): void {
  if (artifacts.missing) core.warning(artifacts.missing);
  const unreadable = artifacts.unreadable > 0 ? `, ${artifacts.unreadable} not readable` : '';
  core.info(`artifacts: ${artifacts.files} files in ${artifacts.dir}${unreadable}`);
}
