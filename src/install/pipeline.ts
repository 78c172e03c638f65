// One install pipeline for docker, compose and buildx: tool cache -> download (or the Actions cache)
// -> verify -> unpack -> tool cache. Nothing unverified enters either cache unless the sum is missing
// everywhere and verify is `warn`.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import { cacheService } from '../core/actions-cache.js';
import { judge, parseSumFile, sha256File, type ExpectedSum } from './checksum.js';
import { downloadFile, fetchText } from './download.js';
import { errorText } from '../core/errors.js';

export interface ToolSpec {
  /** What the messages call it: `docker`, `compose`, `buildx`; also the `<label>-sha256` input. */
  label: string;
  /** Tool cache name, e.g. `docker-archive-stable`. */
  cacheName: string;
  version: string;
  arch: string;
  url: string;
  /** From the `<label>-sha256` input; empty: read the published sum file. */
  sha256: string;
  sumUrl: string;
  /** The name the sum file lists the asset under. */
  sumName: string;
  strict: boolean;
  /** Puts what the downloaded file holds into `dir`. */
  unpack: (file: string, dir: string) => Promise<void>;
  /** The error for a 404: names the versions that exist, where that can be known. */
  notFound: () => Promise<Error>;
}

export interface InstalledTool {
  dir: string;
  source: 'tool cache' | 'Actions cache' | 'download';
  /** How the bytes were checked, e.g. `sha256 verified (input docker-sha256)`. */
  checksum: string;
  sha256: string;
}

/** Written into every cached tool directory: what was verified, so a later run can say it. */
const MARKER = '.berth-install.json';

/** Outside a runner there is no tool cache or temp dir: berth keeps its own under the temp dir. */
export function ensureRunnerDirs(env: NodeJS.ProcessEnv = process.env): void {
  env.RUNNER_TEMP ||= path.join(tmpdir(), 'berth-temp');
  env.RUNNER_TOOL_CACHE ||= path.join(tmpdir(), 'berth-tool-cache');
  mkdirSync(env.RUNNER_TEMP, { recursive: true });
}

/** What the marker records: how the download was verified, and the sum of every file it unpacked to. */
interface Marker extends Pick<InstalledTool, 'checksum' | 'sha256'> {
  files?: Record<string, string>;
}

/** The sha256 of every regular file under `dir` (but the marker), by path relative to it. */
async function fileSums(dir: string): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === MARKER) continue;
    const file = path.join(entry.parentPath, entry.name);
    sums[path.relative(dir, file)] = await sha256File(file);
  }
  return sums;
}

/**
 * A tool cache entry, checked again every time it is used: the tool cache may be a folder anyone on the
 * machine can write (outside a runner, a folder under the temp dir). One whose files are not what was
 * verified when it was installed is removed and installed again.
 */
async function fromToolCache(spec: ToolSpec): Promise<InstalledTool | undefined> {
  const dir = tc.find(spec.cacheName, spec.version, spec.arch);
  if (!dir || !existsSync(path.join(dir, MARKER))) return undefined;
  let marker: Marker;
  try {
    marker = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as Marker;
  } catch {
    marker = { checksum: '', sha256: '' }; // unreadable record: treated as no record of its files
  }
  if (spec.sha256 && marker.sha256 !== spec.sha256) {
    core.info(`${spec.label}: the tool cache holds ${spec.version} with another sha256; downloading again`);
    return undefined;
  }
  const now = await fileSums(dir);
  const recorded = marker.files ?? {};
  const changed = [...new Set([...Object.keys(recorded), ...Object.keys(now)])].filter(
    (file) => recorded[file] !== now[file],
  );
  if (!marker.files || changed.length > 0) {
    core.warning(
      `${spec.label}: the tool cache entry at ${dir} is not what was verified when it was installed (${marker.files ? `changed: ${changed.join(', ')}` : 'no record of its files'}); installing again`,
    );
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const { checksum, sha256 } = marker;
  return { dir, source: 'tool cache', checksum, sha256 };
}

/** A plain-HTTP download is readable and changeable on the way, but on this machine (a local mirror). */
function checkTransport(spec: ToolSpec): void {
  const url = new URL(spec.url);
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'http:' || local) return;
  if (spec.strict)
    throw new Error(`${spec.label}: ${spec.url} is plain HTTP; refused because verify is strict (use https)`);
  core.warning(
    `${spec.label}: ${spec.url} is plain HTTP, which anyone on the way can read and change (use https)`,
  );
}

function actionsCacheKey(spec: ToolSpec): string {
  return `berth-${spec.cacheName}-${spec.version}-${spec.arch}-${path.basename(spec.url)}`;
}

/** Where a download sits while the Actions cache saves or restores it; the same path every run. */
function persistedPath(spec: ToolSpec): string {
  return path.join(process.env.RUNNER_TEMP ?? tmpdir(), 'berth-downloads', actionsCacheKey(spec));
}

async function restoreDownload(spec: ToolSpec): Promise<string | undefined> {
  const cache = await cacheService();
  if (!cache) return undefined;
  const file = persistedPath(spec);
  try {
    const hit = await cache.restoreCache([file], actionsCacheKey(spec));
    return hit && existsSync(file) ? file : undefined;
  } catch (error) {
    core.info(`${spec.label}: Actions cache not used (${errorText(error)})`);
    return undefined;
  }
}

async function saveDownload(spec: ToolSpec, file: string): Promise<void> {
  const cache = await cacheService();
  if (!cache) return;
  const target = persistedPath(spec);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file, target);
    await cache.saveCache([target], actionsCacheKey(spec));
  } catch (error) {
    core.info(`${spec.label}: Actions cache not saved (${errorText(error)})`);
  }
}

async function expectedSum(spec: ToolSpec): Promise<ExpectedSum | undefined> {
  if (spec.sha256) return { sha256: spec.sha256, from: `input ${spec.label}-sha256` };
  const text = await fetchText(spec.sumUrl);
  const sha256 = text === undefined ? undefined : parseSumFile(text, spec.sumName);
  if (text !== undefined && sha256 === undefined) {
    core.warning(`${spec.label}: ${spec.sumUrl} does not list ${spec.sumName}`);
  }
  return sha256 ? { sha256, from: spec.sumUrl } : undefined;
}

export async function installTool(spec: ToolSpec): Promise<InstalledTool> {
  ensureRunnerDirs();
  const cached = await fromToolCache(spec);
  if (cached) {
    core.info(`${spec.label} ${spec.version}: found in the tool cache at ${cached.dir}`);
    return cached;
  }
  checkTransport(spec);
  const restored = await restoreDownload(spec);
  core.info(`${spec.label} ${spec.version}: ${restored ? 'restored from the Actions cache' : spec.url}`);
  const file = restored ?? (await downloadFile(spec.url));
  if (!file) throw await spec.notFound();

  const actual = await sha256File(file);
  const verdict = judge(spec.label, spec.url, actual, await expectedSum(spec), spec.strict);
  if (!verdict.ok) throw new Error(verdict.error);
  if ('warning' in verdict) core.warning(verdict.warning);
  else core.info(`${spec.label}: ${verdict.checksum}: ${actual}`);

  const unpacked = mkdtempSync(path.join(process.env.RUNNER_TEMP ?? tmpdir(), `berth-${spec.label}-`));
  await spec.unpack(file, unpacked);
  const record = { checksum: verdict.checksum, sha256: actual };
  const marker: Marker = { ...record, files: await fileSums(unpacked) };
  writeFileSync(path.join(unpacked, MARKER), JSON.stringify(marker));
  const dir = await tc.cacheDir(unpacked, spec.cacheName, spec.version, spec.arch);
  if (!restored) await saveDownload(spec, file);
  // a download sits in a folder of its own; a restored one where the Actions cache keeps it
  for (const temporary of [restored ? file : path.dirname(file), unpacked])
    rmSync(temporary, { recursive: true, force: true });
  return { dir, source: restored ? 'Actions cache' : 'download', ...record };
}
