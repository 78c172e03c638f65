// How a failure reads in one line: the message of whatever was thrown, and the last line of a
// command's output (what docker says last is almost always the reason).

/** The message of an error, or the thrown value itself as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The last line of `text` that is not blank, trimmed; empty when there is none. */
export function lastLine(text: string): string {
  return lastLines(text, 1);
}

/** The last `count` lines of `text` that are not blank, trimmed, joined with ` | `. */
export function lastLines(text: string, count: number): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}

/**
 * What kind of failure ended a run, for whoever must tell them apart (the CLI's exit code): the build
 * or the tests failed, an input is not valid, the environment is not fit (no daemon, an install or a
 * copy that failed), or a registry refused or did not answer.
 */
export type FailureKind = 'failed' | 'input' | 'environment' | 'registry';

const kinds = new WeakMap<object, FailureKind>();

/** Marks `error` as a failure of `kind`, unless it is marked already (the nearest cause wins). */
export function withKind<T>(kind: FailureKind, error: T): T {
  if (error instanceof Object && !kinds.has(error)) kinds.set(error, kind);
  return error;
}

/** The kind `error` was marked with; `failed` when none. */
export function kindOf(error: unknown): FailureKind {
  return (error instanceof Object && kinds.get(error)) || 'failed';
}

/** Runs `work`; what it throws is marked `kind` when nothing nearer marked it. */
export async function failsAs<T>(kind: FailureKind, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw withKind(kind, error);
  }
}
