// Input values: how every input is split and checked, with one form of error: the input's name, what
// is wrong, and what a valid value looks like. The KeyValue type also travels with the settings.
import { withKind } from './errors.js';

export interface KeyValue {
  key: string;
  value: string;
}

/**
 * An error about one input: `name: problem`, on one line whatever the value it quotes holds (a line
 * break or another control character is shown escaped, as `\n`).
 */
export function inputError(name: string, problem: string): Error {
  // eslint-disable-next-line no-control-regex
  const shown = problem.replace(/[\x00-\x1f\x7f]/g, (char) =>
    char === '\n' ? '\\n' : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return withKind('input', new Error(`${name}: ${shown}`));
}

/** One item a line; blank lines and `#` comments ignored. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/**
 * One item a line or a comma, as the docker actions take lists (`edge,nightly`); a comma inside a
 * `{{ }}` template belongs to it. Blank items and `#` comment lines ignored.
 */
export function items(text: string): string[] {
  return lines(text).flatMap((line) =>
    (line.match(/(?:\{\{.*?\}\}|[^,])+/g) ?? []).map((item) => item.trim()).filter(Boolean),
  );
}

/** What a key may be, and how an error says it. */
export interface KeyRule {
  pattern: RegExp;
  words: string;
}

const ENV_KEYS: KeyRule = { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, words: "letters, digits and '_'" };

/** Label keys: `org.opencontainers.image.title`, `com.example/team`. */
export const LABEL_KEYS: KeyRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
  words: "letters, digits, '.', '_', '/', '-'",
};

/**
 * Parses `KEY=VALUE` lines. The error names the input and the line but never repeats the value,
 * which may be a secret.
 */
export function parseKeyValues(input: string, text: string, keys: KeyRule = ENV_KEYS): KeyValue[] {
  const seen = new Set<string>();
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ raw: raw.trim(), number: index + 1 }))
    .filter(({ raw }) => raw && !raw.startsWith('#'))
    .map(({ raw, number }) => {
      const equals = raw.indexOf('=');
      const key = equals > 0 ? raw.slice(0, equals).trim() : '';
      if (!keys.pattern.test(key)) {
        throw inputError(input, `line ${number} is not KEY=VALUE with KEY of ${keys.words}`);
      }
      if (seen.has(key)) throw inputError(input, `${key} is given twice`);
      seen.add(key);
      return { key, value: raw.slice(equals + 1) };
    });
}

/** One of `allowed` (case-insensitive); `fallback` when empty. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  if (value === '') return fallback;
  const found = allowed.find((option) => option === value.toLowerCase());
  if (found === undefined) throw inputError(name, `'${value}' is not one of ${allowed.join(', ')}`);
  return found;
}

/** `true` or `false`; `fallback` when empty. */
export function flag(name: string, value: string, fallback: boolean): boolean {
  return oneOf(name, value, ['true', 'false'] as const, fallback ? 'true' : 'false') === 'true';
}

/** A whole number from 0 to `max`. */
export function wholeNumber(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw inputError(name, `'${value}' is not a whole number from 0 to ${max}`);
  }
  return Number(value);
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  tib: 1024 ** 4,
};

/** `2GiB`, `500MB`, `1.5g`, `0`: a byte count; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match?.[1] || unit === undefined) return undefined;
  return Math.round(Number(match[1]) * unit);
}

/** A size input. */
export function size(name: string, value: string): number {
  const bytes = parseSize(value);
  if (bytes === undefined) throw inputError(name, `'${value}' is not a size such as 2GiB, 500MB or 0`);
  return bytes;
}

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** `27.3.1`, `v27.3.1` and `docker-v29.0.0` all mean `27.3.1`; `latest` where allowed; empty stays empty. */
export function version(name: string, value: string, allowLatest: boolean): string {
  if (value === '') return '';
  if (allowLatest && value.toLowerCase() === 'latest') return 'latest';
  const bare = value.replace(/^(docker-)?v/i, '');
  if (!VERSION.test(bare)) {
    const valid = allowLatest ? 'X.Y.Z (e.g. 27.3.1), vX.Y.Z or latest' : 'X.Y.Z (e.g. 2.29.7) or vX.Y.Z';
    throw inputError(name, `'${value}' is not a version: use ${valid}`);
  }
  return bare;
}

/** 64 hex digits (a `sha256:` prefix allowed), lower-cased; empty stays empty. */
export function sha256(name: string, value: string): string {
  if (value === '') return '';
  const hex = value.replace(/^sha256:/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw inputError(name, 'is not a sha256: use 64 hex digits');
  return hex;
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `15m`, `1h30m`, `0` (none): milliseconds; `fallback` when empty. */
export function duration(name: string, value: string, fallback: number): number {
  if (value === '') return fallback;
  if (value === '0') return 0;
  const parts = [...value.matchAll(/(\d+)([smh])/g)];
  if (!/^(\d+[smh])+$/.test(value) || parts.length === 0)
    throw inputError(name, `'${value}' is not a duration such as 90s, 15m, 1h30m or 0`);
  const ms = parts.reduce(
    (sum, [, count, unit]) => sum + Number(count) * (DURATION_UNITS[unit ?? 's'] ?? 0),
    0,
  );
  // timers hold 2^31 - 1 ms (about 24 days): a week is the most a CI step can mean
  if (ms > 7 * 24 * 3_600_000) throw inputError(name, `'${value}' is longer than a week (168h)`);
  return ms;
}

/** One line of text with no control character (a user name, a host): what can be echoed safely. */
export function oneLine(name: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) throw inputError(name, 'has a line break or another control character');
  return value;
}

/** A value that will stand in a command line where docker has no `--`: it may not look like an option. */
export function notOption(name: string, value: string): string {
  if (value.startsWith('-')) throw inputError(name, `'${value}' starts with '-', as an option would`);
  return value;
}

/** An http(s) URL without a trailing slash; `fallback` when empty. */
export function url(name: string, value: string, fallback: string): string {
  const text = (value || fallback).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(text))
    throw inputError(name, `'${value}' is not a URL: use http(s)://host/path`);
  return text;
}

/** A JSON object; `{}` when empty. The error never repeats the value. */
export function jsonObject(name: string, value: string): Record<string, unknown> {
  if (value === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw inputError(name, 'is not valid JSON: use an object such as {"debug": true}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw inputError(name, 'must be a JSON object such as {"debug": true}');
  }
  return parsed as Record<string, unknown>;
}
