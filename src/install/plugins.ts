// Compose v2 and buildx from their GitHub release layouts, installed as docker CLI plugins in
// `$DOCKER_CONFIG/cli-plugins`; compose also as `docker-compose` on PATH. A plugin file that was
// there before is kept aside and put back by post (plugin-files.ts).
import { chmodSync, copyFileSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { handoff } from '../core/report.js';
import type { ToolRequest } from './settings.js';
import { placePlugin, pluginDir, type PluginRecord } from './plugin-files.js';
import { installTool, type InstalledTool } from './pipeline.js';

export type Plugin = 'compose' | 'buildx';

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
  if (plugin === 'compose') handoff.addPath(installed.dir);
  core.info(`${plugin} ${request.version}: CLI plugin at ${record.file}`);
  return { ...installed, record };
}
