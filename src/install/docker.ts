// Docker from the static archives: `<base>/<channel>/<arch>/docker-<version>.tgz`, `latest` read from
// the index page of that folder, the archive's `docker/` folder put on PATH.
import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import * as semver from 'semver';
import { handoff } from '../core/report.js';
import { fetchText } from './download.js';
import type { Channel, InstallSettings } from './settings.js';
import { installTool, type InstalledTool } from './pipeline.js';

/** The archive folder's name for node's `process.arch`. */
export function dockerArch(nodeArch: string): string {
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[nodeArch];
  if (!arch) throw new Error(`docker-version: no static docker archives for ${nodeArch}; use x64 or arm64`);
  return arch;
}

export function dockerFolderUrl(base: string, channel: Channel, arch: string): string {
  return `${base}/${channel}/${arch}/`;
}

export function dockerArchiveUrl(base: string, channel: Channel, arch: string, version: string): string {
  return `${dockerFolderUrl(base, channel, arch)}docker-${version}.tgz`;
}

/** Versions an index page links to as `docker-<version>.tgz`, newest first (rootless extras aside). */
export function indexVersions(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/href="(?:[^"]*\/)?docker-(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.tgz"/g)) {
    if (match[1] && semver.valid(match[1])) found.add(match[1]);
  }
  return [...found].sort(semver.rcompare);
}

/** The highest version; pre-releases only on the test channel. */
export function pickLatest(versions: readonly string[], channel: Channel): string | undefined {
  return versions.find((version) => channel === 'test' || semver.prerelease(version) === null);
}

async function listVersions(settings: InstallSettings['docker'], arch: string): Promise<string[]> {
  const url = dockerFolderUrl(settings.downloadUrl, settings.channel, arch);
  const html = await fetchText(url);
  if (html === undefined) throw new Error(`docker-version: no index page at ${url} (HTTP 404)`);
  return indexVersions(html);
}

async function resolveVersion(settings: InstallSettings['docker'], arch: string): Promise<string> {
  if (settings.version !== 'latest' && settings.version !== '') return settings.version;
  const versions = await listVersions(settings, arch);
  const latest = pickLatest(versions, settings.channel);
  const url = dockerFolderUrl(settings.downloadUrl, settings.channel, arch);
  if (!latest) throw new Error(`docker-version: no ${settings.channel} release listed at ${url}`);
  core.info(`docker: latest ${settings.channel} release at ${url} is ${latest}`);
  return latest;
}

/** Installs the pinned (or latest) archive and puts its folder first on PATH, for berth and later steps. */
export async function installDocker(
  settings: InstallSettings['docker'],
  strict: boolean,
): Promise<InstalledTool & { version: string }> {
  const arch = dockerArch(process.arch);
  const version = await resolveVersion(settings, arch);
  const url = dockerArchiveUrl(settings.downloadUrl, settings.channel, arch, version);
  const installed = await installTool({
    label: 'docker',
    cacheName: `docker-archive-${settings.channel}`,
    version,
    arch,
    url,
    sha256: settings.sha256,
    sumUrl: `${url}.sha256`,
    sumName: `docker-${version}.tgz`,
    strict,
    unpack: async (file, dir) => {
      await tc.extractTar(file, dir);
    },
    notFound: async () => {
      const known = await listVersions(settings, arch).catch(() => []);
      const listed = known.length > 0 ? `; versions there: ${known.slice(0, 12).join(', ')}` : '';
      return new Error(`docker-version: ${version} is not at ${url} (HTTP 404)${listed}`);
    },
  });
  const bin = `${installed.dir}/docker`;
  handoff.addPath(bin);
  return { ...installed, dir: bin, version };
}
