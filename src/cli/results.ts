// What the CLI gives back once main and post ran: the summary's tables and the outputs as text, the
// outputs in a file (`--outputs`: JSON, or dotenv as GitLab's artifacts:reports:dotenv reads it), and
// the exit code, from the kind of failure that ended the run.
import { writeFileSync } from 'node:fs';
import { kindOf, type FailureKind } from '../core/errors.js';
import type { SummaryTable } from '../core/report.js';

const EXIT_CODE: Record<FailureKind, number> = { failed: 1, input: 2, environment: 3, registry: 4 };

/** 0 when nothing failed, else the code of the failure's kind (EXIT_CODES in args.ts says each). */
export function exitCode(failure: unknown): number {
  return failure === undefined ? 0 : EXIT_CODE[kindOf(failure)];
}

/** Columns a terminal gives `text`: an emoji takes two, a variation selector none. */
function width(text: string): number {
  let columns = 0;
  for (const char of text) {
    if (/\p{Variation_Selector}/u.test(char)) continue;
    columns += /\p{Extended_Pictographic}/u.test(char) ? 2 : 1;
  }
  return columns;
}

/** A table as aligned text: the header, a rule under it, then the rows. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ')));
  const widths: number[] = [];
  for (const row of cells)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, width(cell))));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, index) =>
        index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - width(cell)),
      )
      .join('  ')
      .trimEnd();
  const [header, ...body] = cells;
  if (!header) return '';
  return [
    line(header),
    // the last column is not padded: its rule stops at 60 columns however long a value runs
    line(
      widths.slice(0, header.length).map((w, i) => '-'.repeat(i === header.length - 1 ? Math.min(w, 60) : w)),
    ),
    ...body.map(line),
  ].join('\n');
}

/** The summary a runner would show as HTML, as text: the verdict, then each table under its heading. */
export function summaryText(verdict: string, tables: readonly SummaryTable[]): string {
  const parts = verdict ? [verdict] : [];
  for (const { heading, rows } of tables)
    parts.push(heading ? `${heading}\n${textTable(rows)}` : textTable(rows));
  return parts.join('\n\n');
}

/** `image-id` -> `BERTH_IMAGE_ID`. */
const dotenvName = (output: string): string => `BERTH_${output.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;

/**
 * Outputs as dotenv, the way GitLab reads a dotenv report: `NAME=value`, one line each, no quotes, no
 * blank line or comment. A value of several lines (the tags) is given on one line, space-separated.
 */
export function dotenv(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => `${dotenvName(name)}=${value.split(/\r?\n/).filter(Boolean).join(' ')}\n`)
    .join('');
}

/** Writes the outputs to `file`: JSON when its name ends in .json, dotenv otherwise. */
export function writeOutputs(file: string, outputs: Record<string, string>): void {
  const text = /\.json$/i.test(file) ? `${JSON.stringify(outputs, null, 2)}\n` : dotenv(outputs);
  writeFileSync(file, text);
}
