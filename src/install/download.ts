// HTTP for installs: small text files (sum files, index pages) and archives, with retries of 5xx, 408
// and 429, and an idle timeout on every socket: a server that stops sending fails the download instead
// of hanging the job (the tool cache's own downloader has no timeout, so archives are fetched here).
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as core from '@actions/core';
import { HttpClient } from '@actions/http-client';
import { backoffMs, pause } from '../core/retry.js';
import { errorText } from '../core/errors.js';

const client = new HttpClient('berth', [], { socketTimeout: 60_000 });
const ATTEMPTS = 4;

/** GETs a text file; undefined when the server says 404 (the file does not exist there). */
export async function fetchText(url: string): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    try {
      const response = await client.get(url);
      const status = response.message.statusCode ?? 0;
      const body = await response.readBody();
      if (status === 200) return body;
      if (status === 404) return undefined;
      failure = `HTTP ${status}`;
      if (status < 500 && status !== 408 && status !== 429) throw new Error(`GET ${url}: ${failure}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('GET ')) throw error;
      failure = errorText(error);
    }
    if (attempt >= ATTEMPTS) throw new Error(`GET ${url}: ${failure} after ${ATTEMPTS} attempts`);
    const delay = backoffMs(attempt - 1);
    core.warning(`GET ${url}: ${failure}; retry ${attempt}/${ATTEMPTS - 1} in ${delay / 1000} s`);
    await pause(delay);
  }
}

/** Downloads to a temporary file; undefined on 404. */
export async function downloadFile(url: string): Promise<string | undefined> {
  const dir = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'berth-download-'));
  const file = path.join(dir, path.basename(new URL(url).pathname) || 'download');
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    try {
      const response = await client.get(url);
      const status = response.message.statusCode ?? 0;
      if (status === 200) {
        await pipeline(response.message, createWriteStream(file));
        return file;
      }
      await response.readBody();
      if (status === 404) {
        rmSync(dir, { recursive: true, force: true });
        return undefined;
      }
      failure = `HTTP ${status}`;
      if (status < 500 && status !== 408 && status !== 429) attempt = ATTEMPTS;
    } catch (error) {
      failure = errorText(error);
    }
    if (attempt >= ATTEMPTS) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`download of ${url} failed: ${failure}`);
    }
    const delay = backoffMs(attempt - 1);
    core.warning(`GET ${url}: ${failure}; retry ${attempt}/${ATTEMPTS - 1} in ${delay / 1000} s`);
    await pause(delay);
  }
}
