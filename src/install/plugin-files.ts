// Plugin files in the docker CLI's plugin folder: placing one keeps the file it replaces aside, and
// post puts those back. Kept apart from the download pipeline (plugins.ts), which post never needs.
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { dockerConfigDir } from '../core/docker-cli.js';
import { errorText } from '../core/errors.js';

/** A plugin file berth wrote, and where the one it replaced waits to be put back. */
export interface PluginRecord {
  file: string;
  backup: string | undefined;
}

export function pluginDir(env: NodeJS.ProcessEnv): string {
  return path.join(dockerConfigDir(env), 'cli-plugins');
}

export function placePlugin(source: string, target: string): PluginRecord {
  mkdirSync(path.dirname(target), { recursive: true });
  let backup: string | undefined;
  if (existsSync(target)) {
    backup = `${target}.berth-backup`;
    renameSync(target, backup);
  }
  copyFileSync(source, target);
  chmodSync(target, 0o755);
  return { file: target, backup };
}

/** Post: removes the plugin files berth wrote and puts back the ones they replaced. */
export function restorePlugins(records: readonly PluginRecord[]): void {
  for (const { file, backup } of [...records].reverse()) {
    try {
      if (backup && existsSync(backup)) renameSync(backup, file);
      else rmSync(file, { force: true });
    } catch (error) {
      core.warning(`cleanup: could not restore ${file}: ${errorText(error)}`);
    }
  }
}
