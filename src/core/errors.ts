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
