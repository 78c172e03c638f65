// Compose v2 and buildx from their GitHub release layouts, installed as docker CLI plugins in
// `$DOCKER_CONFIG/cli-plugins`; compose also as `docker-compose` on PATH. A plugin file that was
// there before is kept aside and put back by post.
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import type { ToolRequest } from './install-settings.js';
import { installTool, type InstalledTool } from './tool-install.js';

export type Plugin = 'compose' | 'buildx';

/** A plugin file berth wrote, and where the one it replaced waits to be put back. */
export interface PluginRecord {
  file: string;
  backup: string | undefined;
}

export interface PluginAsset {
  url: string;
  sumUrl: string;
  sumName: string;
  arch: string;
}

export function pluginAsset(plugin: Plugin, base: string, version: string, nodeArch: string): PluginAsset {
  const arches =
    plugin === 'compose' ? { x64: 'x86_64', arm64: 'aarch64' } : { x64: 'amd64', arm64: 'arm64' };
  const arch = arches[nodeArch as keyof typeof arches];
  if (!arch) throw new Error(`${plugin}-version: no ${plugin} release asset for ${nodeArch}`);
  if (plugin === 'compose') {
    const name = `docker-compose-linux-${arch}`;
    return {
      url: `${base}/v${version}/${name}`,
      sumUrl: `${base}/v${version}/${name}.sha256`,
      sumName: name,
      arch,
    };
  }
  const name = `buildx-v${version}.linux-${arch}`;
  return {
    url: `${base}/v${version}/${name}`,
    sumUrl: `${base}/v${version}/checksums.txt`,
    sumName: name,
    arch,
  };
}

export function pluginDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.DOCKER_CONFIG || path.join(homedir(), '.docker'), 'cli-plugins');
}

function placePlugin(source: string, target: string): PluginRecord {
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

export async function installPlugin(
  plugin: Plugin,
  request: ToolRequest,
  strict: boolean,
): Promise<InstalledTool & { record: PluginRecord }> {
  const asset = pluginAsset(plugin, request.downloadUrl, request.version, process.arch);
  const binary = `docker-${plugin}`;
  const installed = await installTool({
    label: plugin,
    cacheName: `${plugin}-bin`,
    version: request.version,
    arch: asset.arch,
    url: asset.url,
    sha256: request.sha256,
    sumUrl: asset.sumUrl,
    sumName: asset.sumName,
    strict,
    unpack: async (file, dir) => {
      copyFileSync(file, path.join(dir, binary));
      chmodSync(path.join(dir, binary), 0o755);
    },
    notFound: async () =>
      new Error(
        `${plugin}-version: ${request.version} is not at ${asset.url} (HTTP 404); see the releases at ${request.downloadUrl.replace(/\/download$/, '')}`,
      ),
  });
  const record = placePlugin(path.join(installed.dir, binary), path.join(pluginDir(process.env), binary));
  if (plugin === 'compose') core.addPath(installed.dir);
  core.info(`${plugin} ${request.version}: CLI plugin at ${record.file}`);
  return { ...installed, record };
}

/** Post: removes the plugin files berth wrote and puts back the ones they replaced. */
export function restorePlugins(records: readonly PluginRecord[]): void {
  for (const { file, backup } of [...records].reverse()) {
    try {
      if (backup && existsSync(backup)) renameSync(backup, file);
      else rmSync(file, { force: true });
    } catch (error) {
      core.warning(`cleanup: could not restore ${file}: ${error instanceof Error ? error.message : error}`);
    }
  }
}
