// Retry policy for registry traffic: transient failures (network, 5xx, rate limits) are tried again
// with exponential backoff; refusals (auth, unknown name) fail at once.
import * as core from '@actions/core';
import { errorText } from './errors.js';

const TRANSIENT = [
  /connection (refused|reset|closed)/i,
  /i\/o timeout|timed? ?out|deadline exceeded/i,
  /\b(EOF|broken pipe|no route to host|network is unreachable)\b/i,
  /TLS handshake/i,
  /\b(500|502|503|504)\b|internal server error|bad gateway|service unavailable|gateway timeout/i,
  /too ?many ?requests|\b429\b|rate limit/i,
  /temporary failure in name resolution/i,
];
const PERMANENT = [
  /denied|unauthori[sz]ed|forbidden|authentication required/i,
  /manifest unknown|not found/i,
];

/** True when a failure message looks like the registry or network hiccuped rather than refused. */
export function isTransient(message: string): boolean {
  if (PERMANENT.some((pattern) => pattern.test(message))) return false;
  return TRANSIENT.some((pattern) => pattern.test(message));
}

/** Delay before attempt `attempt + 1`, in ms: 1 s, 2 s, 4 s ... capped at 30 s. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(baseMs * 2 ** attempt, 30_000);
}

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  /** Shown in the warning that announces a retry. */
  label: string;
  baseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Date.now() after which no attempt starts: the bound of the whole operation. */
  until?: number;
}

/** Waits `ms` milliseconds. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? pause;
  for (let tried = 0; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      const message = errorText(error);
      if (tried >= policy.retries || !isTransient(message)) throw error;
      const delay = backoffMs(tried, policy.baseMs);
      if (policy.until !== undefined && Date.now() + delay >= policy.until) throw error;
      core.warning(`${policy.label}: ${message}; retry ${tried + 1}/${policy.retries} in ${delay / 1000} s`);
      await sleep(delay);
    }
  }
}
