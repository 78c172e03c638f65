// What a runner does with a step's workflow commands, for berth's CLI: groups become headings, errors
// and warnings are labelled, debug lines are shown only with RUNNER_DEBUG=1, masked values are hidden
// from every later line, and nothing is interpreted between ::stop-commands:: and its token.

export class LogRenderer {
  private readonly masks: string[] = [];
  private stopToken = '';

  constructor(private readonly debug: boolean) {}

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
    const [, name, value = ''] = command;
    switch (name) {
      case 'add-mask':
        if (value) this.masks.push(value);
        return undefined;
      case 'stop-commands':
        this.stopToken = value;
        return undefined;
      case 'group':
        return this.mask(`\n▶ ${value}`);
      case 'endgroup':
        return undefined;
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
