// What a step gives back: one log group per phase with its duration and the job summary, which a
// person reads; the outputs, variables and state that the job's later steps and post read.
import * as core from '@actions/core';
import { throwIfCancelled } from './cancel.js';

/**
 * What a step hands on besides its log: outputs and exported variables (which this process uses too),
 * folders put first on PATH, and state for post. A runner takes them from its files, which @actions/core
 * writes; the CLI, which runs main and post in its own process, sets handlers of its own.
 */
export interface Handoff {
  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
  addPath(folder: string): void;
  saveState(name: string, value: string): void;
}

/** The step's handoff: the runner's by default; the CLI replaces its handlers with `Object.assign`. */
export const handoff: Handoff = {
  setOutput: (name, value) => core.setOutput(name, value),
  exportVariable: (name, value) => core.exportVariable(name, value),
  addPath: (folder) => core.addPath(folder),
  saveState: (name, value) => core.saveState(name, value),
};

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

/** One table of the summary: a heading ('' for none) and rows of text, the header row first. */
export interface SummaryTable {
  heading: string;
  rows: string[][];
}

export class Report {
  readonly phases: PhaseRecord[] = [];
  readonly outcome: Outcome = {};
  /** The one line the summary opens with: how the run ended, as a person reads it at a glance. */
  verdict = '';
  /** Extra summary sections (detection tables, install notes) added by the phases that know them. */
  readonly sections: SummaryTable[] = [];

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

  /**
   * The summary's tables in plain text, each with its heading ('' for none), the header row first: the
   * phases, the facts, the sections the phases added, the tags pushed.
   */
  tables(): SummaryTable[] {
    const phases = this.phases.map((phase) => [
      phase.name,
      `${phase.seconds.toFixed(1)} s`,
      `${SYMBOL[phase.result]} ${phase.result}`,
      phase.note,
    ]);
    const tables: SummaryTable[] = [
      { heading: '', rows: [['phase', 'duration', 'result', 'note'], ...phases] },
    ];
    const facts = this.facts();
    if (facts.length > 0) tables.push({ heading: '', rows: [['what', 'value'], ...facts] });
    tables.push(...this.sections);
    if (this.outcome.pushed?.length)
      tables.push({ heading: 'Tags pushed', rows: [['tag'], ...this.outcome.pushed.map((tag) => [tag])] });
    return tables;
  }

  /** The job summary as HTML, where a runner shows it (GITHUB_STEP_SUMMARY); every cell is text. */
  async writeSummary(): Promise<void> {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    const summary = core.summary.addHeading('berth', 2);
    if (this.verdict) summary.addRaw(`<p><strong>${escapeHtml(this.verdict)}</strong></p>`, true);
    for (const { heading, rows } of this.tables()) {
      const [header = [], ...body] = rows.map((row) => row.map(escapeHtml));
      if (heading) summary.addHeading(heading, 3);
      summary.addTable([header.map((data) => ({ data, header: true })), ...body]);
    }
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
