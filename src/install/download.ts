// HTTP for installs: small text files (sum files, index pages) with retries, archives through the
// tool cache's downloader (which retries 5xx, 408 and 429 itself).
import * as core from '@actions/core';
import { HttpClient } from '@actions/http-client';
import * as tc from '@actions/tool-cache';
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
  try {
    return await tc.downloadTool(url);
  } catch (error) {
    if (error instanceof tc.HTTPError && error.httpStatusCode === 404) return undefined;
    const why = errorText(error);
    throw new Error(`download of ${url} failed: ${why}`);
  }
}
