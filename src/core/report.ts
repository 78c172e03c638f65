// What a person reads: one log group per phase with its duration, and the job summary.
import * as core from '@actions/core';
import { throwIfCancelled } from './cancel.js';

export type PhaseResult = 'ok' | 'failed' | 'skipped';

interface PhaseRecord {
  name: string;
  seconds: number;
  result: PhaseResult;
  note: string;
}

/** Work started now whose phase is written later (Report.finished), timed on its own. */
export interface Background<T> {
  work: Promise<T>;
  started: number;
  /** When the work settled. */
  ended: Promise<number>;
}

export function background<T>(work: Promise<T>): Background<T> {
  const ended = work.then(
    () => Date.now(),
    () => Date.now(),
  );
  return { work, started: Date.now(), ended };
}

/** Facts the summary shows besides the phase table; each phase fills in its own. */
export interface Outcome {
  image?: string;
  imageId?: string;
  cacheHits?: string;
  tags?: string[];
  /** The run's version (`1.2.3`, the branch ...), as the `version` output gives it. */
  version?: string;
  pushed?: string[];
  digest?: string;
  testExitCode?: number;
  /** The JUnit totals read from the reports, when there were any. */
  tests?: { passed: number; failed: number; skipped: number; seconds: number; failedNames: string[] };
  artifacts?: { dir: string; files: number; bytes: number };
}

/** `1 file`, `2 files`. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const SYMBOL: Record<PhaseResult, string> = { ok: '✅', failed: '❌', skipped: '⏭️' };

/** Text as HTML shows it literally (the summary is HTML): a test name is not markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export class Report {
  readonly phases: PhaseRecord[] = [];
  readonly outcome: Outcome = {};
  /** The one line the summary opens with: how the run ended, as a person reads it at a glance. */
  verdict = '';
  /** Extra summary sections (detection tables, install notes) added by the phases that know them. */
  readonly sections: { heading: string; rows: string[][] }[] = [];

  /** Runs one phase inside a log group and records how long it took and how it ended. */
  phase<T>(name: string, body: () => Promise<T>): Promise<T> {
    // a cancelled run starts no phase; the ones that report what ran (artifacts) are `finished`
    throwIfCancelled();
    core.startGroup(name);
    const started = Date.now();
    return this.close(name, body, async () => Date.now() - started);
  }

  /**
   * Reports work that ran quietly beside other phases: its log group is written now, after theirs,
   * with `show` writing what the work found; its duration is the work's own.
   */
  finished<T>(name: string, work: Background<T>, show: (value: T) => void): Promise<T> {
    core.startGroup(name);
    const body = async (): Promise<T> => {
      const value = await work.work;
      show(value);
      return value;
    };
    return this.close(name, body, async () => (await work.ended) - work.started);
  }

  private async close<T>(name: string, body: () => Promise<T>, took: () => Promise<number>): Promise<T> {
    let result: PhaseResult = 'failed';
    try {
      const value = await body();
      result = 'ok';
      return value;
    } finally {
      const seconds = (await took()) / 1000;
      this.phases.push({ name, seconds, result, note: '' });
      core.info(`${name}: ${result === 'ok' ? 'done' : 'failed'} in ${seconds.toFixed(1)} s`);
      core.endGroup();
    }
  }

  skip(name: string, why: string): void {
    this.phases.push({ name, seconds: 0, result: 'skipped', note: why });
    core.info(`${name}: skipped, ${why}`);
  }

  /** Adds a note to the last record of a phase (a cache ratio, a test exit code), and may mark it failed. */
  note(name: string, note: string, result?: PhaseResult): void {
    const record = [...this.phases].reverse().find((phase) => phase.name === name);
    if (!record) return;
    record.note = note;
    if (result) record.result = result;
  }

  async writeSummary(): Promise<void> {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    const summary = core.summary.addHeading('berth', 2);
    if (this.verdict) summary.addRaw(`<p><strong>${escapeHtml(this.verdict)}</strong></p>`, true);
    summary.addTable([
      [
        { data: 'phase', header: true },
        { data: 'duration', header: true },
        { data: 'result', header: true },
        { data: 'note', header: true },
      ],
      ...this.phases.map((phase) => [
        phase.name,
        `${phase.seconds.toFixed(1)} s`,
        `${SYMBOL[phase.result]} ${phase.result}`,
        escapeHtml(phase.note),
      ]),
    ]);
    const facts = this.facts();
    if (facts.length > 0) {
      summary.addTable([
        [
          { data: 'what', header: true },
          { data: 'value', header: true },
        ],
        ...facts,
      ]);
    }
    for (const section of this.sections) {
      summary
        .addHeading(section.heading, 3)
        .addTable(
          section.rows.map((row, index) => (index === 0 ? row.map((data) => ({ data, header: true })) : row)),
        );
    }
    if (this.outcome.pushed?.length) summary.addHeading('Tags pushed', 3).addList(this.outcome.pushed);
    await summary.write();
  }

  private facts(): string[][] {
    const { image, imageId, cacheHits, digest, testExitCode, artifacts, pushed } = this.outcome;
    const rows: string[][] = [];
    if (image) rows.push(['image', image]);
    if (imageId) rows.push(['image id', imageId]);
    if (cacheHits) rows.push(['cache hits', cacheHits]);
    if (testExitCode !== undefined)
      rows.push(['tests', testExitCode === 0 ? 'passed' : `failed (exit ${testExitCode})`]);
    const { tests } = this.outcome;
    if (tests)
      rows.push([
        'test cases',
        `${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped in ${tests.seconds.toFixed(1)} s`,
      ]);
    if (artifacts)
      rows.push([
        'artifacts',
        `${counted(artifacts.files, 'file')}, ${formatBytes(artifacts.bytes)} in ${artifacts.dir}`,
      ]);
    if (pushed) rows.push(['pushed', pushed.length > 0 ? `${pushed.length} tags` : 'nothing']);
    if (digest) rows.push(['digest', digest]);
    return rows;
  }
}
