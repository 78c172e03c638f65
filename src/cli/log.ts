// What a runner does with a step's workflow commands, for berth's CLI: groups become headings (GitLab's
// collapsible sections in a GitLab job), errors and warnings are labelled, debug lines are shown only
// with RUNNER_DEBUG=1, masked values are hidden from every later line, and nothing is interpreted
// between ::stop-commands:: and its token. @actions/core writes those commands to stdout; the CLI
// renders them there, line by line, as they come.

/** How groups are shown: a plain heading, or GitLab's collapsible sections. */
export type GroupStyle = 'plain' | 'gitlab';

/** GitLab's section markers: `\e[0Ksection_start:<unix time>:<name>[collapsed=true]\r\e[0K<header>`. */
function gitlabSection(edge: 'start' | 'end', name: string, header = ''): string {
  const id = name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'berth';
  const collapsed = edge === 'start' ? '[collapsed=true]' : '';
  return `\x1b[0Ksection_${edge}:${Math.floor(Date.now() / 1000)}:${id}${collapsed}\r\x1b[0K${header}`;
}

/** Commands that hand values to the runner: the CLI takes those through its handoff, never from the log. */
const HANDOFF_COMMANDS = new Set(['set-output', 'save-state', 'set-env', 'add-path']);

export class LogRenderer {
  private readonly masks: string[] = [];
  private stopToken = '';
  private readonly open: string[] = [];

  constructor(
    private readonly debug: boolean,
    private readonly style: GroupStyle = 'plain',
  ) {}

  /** Renders one line of a step's output; undefined when a person should not see it. */
  line(text: string): string | undefined {
    if (this.stopToken) {
      if (text === `::${this.stopToken}::`) {
        this.stopToken = '';
        return undefined;
      }
      return this.mask(text);
    }
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(text);
    if (!command) return this.mask(text);
    const [, name = '', value = ''] = command;
    if (HANDOFF_COMMANDS.has(name)) return undefined;
    switch (name) {
      case 'add-mask':
        if (value) this.masks.push(value);
        return undefined;
      case 'stop-commands':
        this.stopToken = value;
        return undefined;
      case 'group':
        this.open.push(value);
        return this.mask(this.style === 'gitlab' ? gitlabSection('start', value, value) : `\n▶ ${value}`);
      case 'endgroup': {
        const group = this.open.pop();
        return this.style === 'gitlab' && group !== undefined ? gitlabSection('end', group) : undefined;
      }
      case 'debug':
        return this.debug ? this.mask(`debug: ${value}`) : undefined;
      case 'error':
      case 'warning':
      case 'notice':
        return this.mask(`${name}: ${value}`);
      default:
        return this.mask(text);
    }
  }

  private mask(text: string): string {
    return this.masks.reduce((line, secret) => line.split(secret).join('***'), text);
  }
}

/**
 * Renders everything written to process.stdout from now on, a whole line at a time; returns a function
 * that writes out a last unfinished line. The exec guard (core/exec.ts) swaps process.stdout.write
 * while test output streams and puts back whatever it found, so it goes through this too.
 */
export function renderStdout(renderer: LogRenderer): () => void {
  const write = process.stdout.write.bind(process.stdout);
  let pending = '';
  const show = (line: string): void => {
    const shown = renderer.line(line);
    if (shown !== undefined) write(`${shown}\n`);
  };
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) show(line);
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stdout.write;
  return () => {
    if (pending) show(pending);
    pending = '';
  };
}
