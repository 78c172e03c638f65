export const id = 313;
export const ids = [313];
export const modules = {

/***/ 1313:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cli: () => (/* binding */ cli)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./lib/src/core/errors.js
var errors = __webpack_require__(7657);
;// CONCATENATED MODULE: ./lib/src/cli/args.js
// The command line: every input of action.yml as `--name value` or `--name=value`, else from a
// BERTH_<NAME> variable, else from the CI (GitLab's CI_REGISTRY_IMAGE is the image); `--outputs FILE`,
// `--help` (written from action.yml's descriptions and defaults) and `--version`. node's parseArgs
// splits the words; which names exist and what a value may be is decided here, from action.yml.






/** The exit codes, as `--help` and the README list them. */
const EXIT_CODES = [
    [0, 'the image was built, the tests passed and what should be pushed was pushed'],
    [1, 'the build or the tests failed (also a cancelled run)'],
    [2, 'bad usage or an input that is not valid'],
    [3, 'no daemon answers, or another problem of the environment (an install, a copy out)'],
    [4, 'a registry refused or did not answer (login, push)'],
];
/** The folder with action.yml and package.json: above the bundle (dist/cli) or the compiled file. */
function packageRoot(from = external_node_path_.dirname((0,external_node_url_.fileURLToPath)(import.meta.url))) {
    for (let dir = from;; dir = external_node_path_.dirname(dir)) {
        if ((0,external_node_fs_.existsSync)(external_node_path_.join(dir, 'action.yml')) && (0,external_node_fs_.existsSync)(external_node_path_.join(dir, 'package.json')))
            return dir;
        if (external_node_path_.dirname(dir) === dir)
            throw new Error(`berth: no action.yml above ${from}`);
    }
}
/** The inputs of action.yml, in its order. */
function readInputSpecs(actionYml) {
    const action = (0,dist/* parse */.qg)(actionYml);
    return Object.entries(action.inputs ?? {}).map(([name, input]) => ({
        name,
        description: String(input.description ?? '').trim(),
        default: input.default === undefined ? '' : String(input.default),
    }));
}
function packageVersion(root) {
    return JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_.join(root, 'package.json'), 'utf8')).version;
}
/** Inputs that take one item a line may be given again: each flag is a line. */
const takesLines = (input) => /\bper line\b/.test(input.description);
function usageError(problem) {
    return (0,errors/* withKind */.hT)('input', new Error(`berth: ${problem} (berth --help lists the inputs)`));
}
/** Reads the command line; throws a one-line error of kind `input` when it is not valid. */
function parseCommand(argv, inputs) {
    const known = new Map(inputs.map((input) => [input.name, input]));
    const { tokens } = (0,external_node_util_.parseArgs)({
        args: [...argv],
        options: {
            ...Object.fromEntries([...known.keys(), 'outputs'].map((name) => [name, { type: 'string' }])),
            help: { type: 'boolean', short: 'h' },
            version: { type: 'boolean', short: 'V' },
        },
        strict: false,
        allowPositionals: true,
        tokens: true,
    });
    const flags = {};
    let outputs;
    for (const token of tokens) {
        if (token.kind === 'positional')
            throw usageError(`'${token.value}' is not an option: inputs are --name value`);
        if (token.kind === 'option-terminator')
            continue;
        if (token.name === 'help')
            return { kind: 'help' };
        if (token.name === 'version')
            return { kind: 'version' };
        const input = known.get(token.name);
        if (!input && token.name !== 'outputs')
            throw usageError(`'${token.rawName}' is not an input of berth`);
        const { value } = token;
        if (value === undefined || (!token.inlineValue && value.startsWith('--')))
            throw usageError(`${token.rawName} needs a value (a value that starts with '--' is given as ${token.rawName}=VALUE)`);
        if (token.name === 'outputs') {
            outputs = value;
        }
        else if (flags[token.name] === undefined) {
            flags[token.name] = value;
        }
        else if (input && takesLines(input)) {
            flags[token.name] = `${flags[token.name]}\n${value}`;
        }
        else {
            throw usageError(`${token.rawName} is given twice`);
        }
    }
    return { kind: 'run', flags, outputs };
}
/** `test-command` -> `BERTH_TEST_COMMAND`. */
function variableName(input) {
    return `BERTH_${input.replace(/-/g, '_').toUpperCase()}`;
}
/** Defaults the CI gives: on GitLab the project's own registry repository is the image. */
function ciDefaults(env) {
    return env.GITLAB_CI && env.CI_REGISTRY_IMAGE ? { image: env.CI_REGISTRY_IMAGE } : {};
}
/** Each input's value: its flag, else its BERTH_ variable, else the CI's default, else unset. */
function resolveInputs(flags, inputs, env) {
    const defaults = ciDefaults(env);
    const values = {};
    for (const { name } of inputs) {
        const value = flags[name] ?? env[variableName(name)] ?? defaults[name];
        if (value !== undefined)
            values[name] = value;
    }
    return values;
}
/** `text` wrapped at `width` columns, every line after the first indented by `indent`. */
function wrap(text, width, indent) {
    const lines = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line && line.length + 1 + word.length > width - indent) {
            lines.push(line);
            line = word;
        }
        else {
            line = line ? `${line} ${word}` : word;
        }
    }
    if (line)
        lines.push(line);
    return lines.join(`\n${' '.repeat(indent)}`);
}
/** `berth --help`: the usage, every input of action.yml with its description and default, the codes. */
function helpText(inputs, version) {
    const column = 32;
    const entry = (flag, text) => `  ${flag.padEnd(column - 3)} ${wrap(text, 100, column)}`;
    const described = (input) => {
        const shown = input.default ? ` (default: ${input.default})` : '';
        const lines = takesLines(input) ? ' Repeat the flag for more.' : '';
        return `${input.description}${lines}${shown}`;
    };
    return [
        `berth ${version}: from a Dockerfile to a tested, pushed image, on a laptop or in any CI.`,
        '',
        'usage: berth [--INPUT VALUE | --INPUT=VALUE]... [--outputs FILE]',
        '       berth --help | --version',
        '',
        "Runs the action's main step and then its post step in this process, in the current folder (the",
        'workspace). Each input may also be set as BERTH_<INPUT> (BERTH_TEST_COMMAND, BERTH_PASSWORD: keep',
        'a password out of the command line); a flag wins. Commit, branch, tag and default branch come',
        "from the CI's variables (GitHub, GitLab CI_*, CircleCI CIRCLE_*), else from git. On GitLab the",
        'image defaults to CI_REGISTRY_IMAGE.',
        '',
        'inputs (from action.yml):',
        ...inputs.map((input) => entry(`--${input.name} VALUE`, described(input))),
        '',
        'options:',
        entry('--outputs FILE', "Write the step's outputs to FILE: as JSON when FILE ends in .json, else as dotenv " +
            "(BERTH_IMAGE_ID=..., one line each, for GitLab's artifacts:reports:dotenv)."),
        entry('-h, --help', 'Show this help.'),
        entry('-V, --version', "Show berth's version."),
        '',
        'exit codes:',
        ...EXIT_CODES.map(([code, meaning]) => `  ${code}  ${meaning}`),
    ].join('\n');
}

;// CONCATENATED MODULE: ./lib/src/cli/log.js
// What a runner does with a step's workflow commands, for berth's CLI: groups become headings (GitLab's
// collapsible sections in a GitLab job), errors and warnings are labelled, debug lines are shown only
// with RUNNER_DEBUG=1, masked values are hidden from every later line, and nothing is interpreted
// between ::stop-commands:: and its token. @actions/core writes those commands to stdout; the CLI
// renders them there, line by line, as they come.
/** GitLab's section markers: `\e[0Ksection_start:<unix time>:<name>[collapsed=true]\r\e[0K<header>`. */
function gitlabSection(edge, name, header = '') {
    const id = name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'berth';
    const collapsed = edge === 'start' ? '[collapsed=true]' : '';
    return `\x1b[0Ksection_${edge}:${Math.floor(Date.now() / 1000)}:${id}${collapsed}\r\x1b[0K${header}`;
}
/** Commands that hand values to the runner: the CLI takes those through its handoff, never from the log. */
const HANDOFF_COMMANDS = new Set(['set-output', 'save-state', 'set-env', 'add-path']);
class LogRenderer {
    debug;
    style;
    masks = [];
    stopToken = '';
    open = [];
    constructor(debug, style = 'plain') {
        this.debug = debug;
        this.style = style;
    }
    /** Renders one line of a step's output; undefined when a person should not see it. */
    line(text) {
        if (this.stopToken) {
            if (text === `::${this.stopToken}::`) {
                this.stopToken = '';
                return undefined;
            }
            return this.mask(text);
        }
        const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(text);
        if (!command)
            return this.mask(text);
        const [, name = '', value = ''] = command;
        if (HANDOFF_COMMANDS.has(name))
            return undefined;
        switch (name) {
            case 'add-mask':
                if (value)
                    this.masks.push(value);
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
    mask(text) {
        return this.masks.reduce((line, secret) => line.split(secret).join('***'), text);
    }
}
/**
 * Renders everything written to process.stdout from now on, a whole line at a time; returns a function
 * that writes out a last unfinished line. The exec guard (core/exec.ts) swaps process.stdout.write
 * while test output streams and puts back whatever it found, so it goes through this too.
 */
function renderStdout(renderer) {
    const write = process.stdout.write.bind(process.stdout);
    let pending = '';
    const show = (line) => {
        const shown = renderer.line(line);
        if (shown !== undefined)
            write(`${shown}\n`);
    };
    process.stdout.write = ((chunk, ...rest) => {
        pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        const lines = pending.split(/\r?\n/);
        pending = lines.pop() ?? '';
        for (const line of lines)
            show(line);
        const done = rest.find((arg) => typeof arg === 'function');
        done?.();
        return true;
    });
    return () => {
        if (pending)
            show(pending);
        pending = '';
    };
}

;// CONCATENATED MODULE: ./lib/src/cli/results.js
// What the CLI gives back once main and post ran: the summary's tables and the outputs as text, the
// outputs in a file (`--outputs`: JSON, or dotenv as GitLab's artifacts:reports:dotenv reads it), and
// the exit code, from the kind of failure that ended the run.


const EXIT_CODE = { failed: 1, input: 2, environment: 3, registry: 4 };
/** 0 when nothing failed, else the code of the failure's kind (EXIT_CODES in args.ts says each). */
function exitCode(failure) {
    return failure === undefined ? 0 : EXIT_CODE[(0,errors/* kindOf */.I)(failure)];
}
/** Columns a terminal gives `text`: an emoji takes two, a variation selector none. */
function width(text) {
    let columns = 0;
    for (const char of text) {
        if (/\p{Variation_Selector}/u.test(char))
            continue;
        columns += /\p{Extended_Pictographic}/u.test(char) ? 2 : 1;
    }
    return columns;
}
/** A table as aligned text: the header, a rule under it, then the rows. */
function textTable(rows) {
    const cells = rows.map((row) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ')));
    const widths = [];
    for (const row of cells)
        row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, width(cell))));
    const line = (row) => row
        .map((cell, index) => index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - width(cell)))
        .join('  ')
        .trimEnd();
    const [header, ...body] = cells;
    if (!header)
        return '';
    return [
        line(header),
        // the last column is not padded: its rule stops at 60 columns however long a value runs
        line(widths.slice(0, header.length).map((w, i) => '-'.repeat(i === header.length - 1 ? Math.min(w, 60) : w))),
        ...body.map(line),
    ].join('\n');
}
/** The summary a runner would show as HTML, as text: the verdict, then each table under its heading. */
function summaryText(verdict, tables) {
    const parts = verdict ? [verdict] : [];
    for (const { heading, rows } of tables)
        parts.push(heading ? `${heading}\n${textTable(rows)}` : textTable(rows));
    return parts.join('\n\n');
}
/** `image-id` -> `BERTH_IMAGE_ID`. */
const dotenvName = (output) => `BERTH_${output.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
/**
 * Outputs as dotenv, the way GitLab reads a dotenv report: `NAME=value`, one line each, no quotes, no
 * blank line or comment. A value of several lines (the tags) is given on one line, space-separated.
 */
function dotenv(outputs) {
    return Object.entries(outputs)
        .map(([name, value]) => `${dotenvName(name)}=${value.split(/\r?\n/).filter(Boolean).join(' ')}\n`)
        .join('');
}
/** Writes the outputs to `file`: JSON when its name ends in .json, dotenv otherwise. */
function writeOutputs(file, outputs) {
    const text = /\.json$/i.test(file) ? `${JSON.stringify(outputs, null, 2)}\n` : dotenv(outputs);
    (0,external_node_fs_.writeFileSync)(file, text);
}

// EXTERNAL MODULE: ./lib/src/core/report.js
var core_report = __webpack_require__(5296);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./lib/src/core/image-ref.js
// Image reference grammar (the distribution spec's, simplified to what berth accepts from users).
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?$`);
/** True when the first component names a registry rather than a Docker Hub namespace. */
function isRegistryHost(first) {
    return first === 'localhost' || first.includes('.') || first.includes(':') || first.startsWith('[');
}
/** Parses a repository name (no tag, no digest); returns an error text naming the problem. */
function parseRepository(input) {
    const name = input.trim();
    if (!name)
        return 'is empty';
    if (name.includes('@'))
        return `must not carry a digest (got '${name}')`;
    const parts = name.split('/');
    const last = parts[parts.length - 1] ?? '';
    if (last.includes(':'))
        return `must be a repository without a tag (got '${name}'); put tags in 'tags'`;
    const host = parts.length > 1 && isRegistryHost(parts[0] ?? '') ? parts.shift() : undefined;
    if (host !== undefined && !HOST.test(host))
        return `has an invalid registry host '${host}'`;
    const path = parts.map((part) => part.toLowerCase());
    const bad = path.find((part) => !COMPONENT.test(part));
    if (bad !== undefined)
        return `has an invalid path component '${bad}' (lower-case letters, digits, '.', '_', '-')`;
    const lowered = path.join('/');
    return { registry: host ?? 'docker.io', path: lowered, name: host ? `${host}/${lowered}` : lowered };
}
function isValidTag(tag) {
    return TAG.test(tag);
}
/** Turns any text (a branch name) into a valid tag: invalid characters become '-', 128 at most. */
function toTag(text) {
    const cleaned = text
        .replace(/[^A-Za-z0-9_.-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 128)
        .replace(/[.-]+$/, '');
    return cleaned || 'untagged';
}
/** Splits `name:tag` into its parts; the tag is undefined when there is none. */
function splitReference(reference) {
    const slash = reference.lastIndexOf('/');
    const colon = reference.lastIndexOf(':');
    if (colon > slash)
        return { name: reference.slice(0, colon), tag: reference.slice(colon + 1) };
    return { name: reference, tag: undefined };
}
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Parses `name[:tag][@sha256:...]`; returns an error text naming the problem. */
function parseReference(input) {
    const text = input.trim();
    const at = text.indexOf('@');
    const digest = at >= 0 ? text.slice(at + 1) : undefined;
    if (digest !== undefined && !DIGEST.test(digest))
        return `has an invalid digest '${digest}' (sha256:<64 hex>)`;
    const { name, tag } = splitReference(at >= 0 ? text.slice(0, at) : text);
    if (tag !== undefined && !isValidTag(tag))
        return `has an invalid tag '${tag}'`;
    const repository = parseRepository(name);
    if (typeof repository === 'string')
        return repository;
    return { repository, tag, digest };
}
/** Whether `host` is a registry host: a name or address, with a port or not. */
function isRegistryHostName(host) {
    return HOST.test(host);
}

;// CONCATENATED MODULE: ./lib/src/core/file-view.js
// The few questions detection asks the file system, behind an interface so that the pure detection
// logic is tested over recorded environments (a map of paths) instead of the machine it runs on.


const file_view_realFiles = {
    read(path) {
        try {
            return (0,external_node_fs_.readFileSync)(path, 'utf8');
        }
        catch {
            return undefined;
        }
    },
    nonEmpty(path) {
        const stat = (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false });
        return Boolean(stat?.isFile() && stat.size > 0);
    },
    isSocket(path) {
        return Boolean((0,external_node_fs_.statSync)(path, { throwIfNoEntry: false })?.isSocket());
    },
    exists(path) {
        return (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false }) !== undefined;
    },
    list(path) {
        try {
            return (0,external_node_fs_.readdirSync)(path);
        }
        catch {
            return [];
        }
    },
};
/** Whether `file` is `root` or below it (`..reports` is below; `../reports` is not). */
function isInside(file, root) {
    const relative = external_node_path_.relative(root, file);
    return relative !== '..' && !relative.startsWith(`..${external_node_path_.sep}`) && !external_node_path_.isAbsolute(relative);
}

;// CONCATENATED MODULE: ./lib/src/core/input-values.js
// Input values: how every input is split and checked, with one form of error: the input's name, what
// is wrong, and what a valid value looks like. The KeyValue type also travels with the settings.

/**
 * An error about one input: `name: problem`, on one line whatever the value it quotes holds (a line
 * break or another control character is shown escaped, as `\n`).
 */
function inputError(name, problem) {
    // eslint-disable-next-line no-control-regex
    const shown = problem.replace(/[\x00-\x1f\x7f]/g, (char) => char === '\n' ? '\\n' : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return (0,errors/* withKind */.hT)('input', new Error(`${name}: ${shown}`));
}
/** One item a line; blank lines and `#` comments ignored. */
function lines(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
}
/**
 * One item a line or a comma, as the docker actions take lists (`edge,nightly`); a comma inside a
 * `{{ }}` template belongs to it. Blank items and `#` comment lines ignored.
 */
function items(text) {
    return lines(text).flatMap((line) => (line.match(/(?:\{\{.*?\}\}|[^,])+/g) ?? []).map((item) => item.trim()).filter(Boolean));
}
const ENV_KEYS = { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, words: "letters, digits and '_'" };
/** Label keys: `org.opencontainers.image.title`, `com.example/team`. */
const LABEL_KEYS = {
    pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
    words: "letters, digits, '.', '_', '/', '-'",
};
/**
 * Parses `KEY=VALUE` lines. The error names the input and the line but never repeats the value,
 * which may be a secret.
 */
function parseKeyValues(input, text, keys = ENV_KEYS) {
    const seen = new Set();
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
        if (seen.has(key))
            throw inputError(input, `${key} is given twice`);
        seen.add(key);
        return { key, value: raw.slice(equals + 1) };
    });
}
/** One of `allowed` (case-insensitive); `fallback` when empty. */
function oneOf(name, value, allowed, fallback) {
    if (value === '')
        return fallback;
    const found = allowed.find((option) => option === value.toLowerCase());
    if (found === undefined)
        throw inputError(name, `'${value}' is not one of ${allowed.join(', ')}`);
    return found;
}
/** `true` or `false`; `fallback` when empty. */
function flag(name, value, fallback) {
    return oneOf(name, value, ['true', 'false'], fallback ? 'true' : 'false') === 'true';
}
/** A whole number from 0 to `max`. */
function wholeNumber(name, value, max) {
    if (!/^\d+$/.test(value) || Number(value) > max) {
        throw inputError(name, `'${value}' is not a whole number from 0 to ${max}`);
    }
    return Number(value);
}
const UNITS = {
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
function parseSize(text) {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
    const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
    if (!match?.[1] || unit === undefined)
        return undefined;
    return Math.round(Number(match[1]) * unit);
}
/** A size input. */
function size(name, value) {
    const bytes = parseSize(value);
    if (bytes === undefined)
        throw inputError(name, `'${value}' is not a size such as 2GiB, 500MB or 0`);
    return bytes;
}
const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
/** `27.3.1`, `v27.3.1` and `docker-v29.0.0` all mean `27.3.1`; `latest` where allowed; empty stays empty. */
function version(name, value, allowLatest) {
    if (value === '')
        return '';
    if (allowLatest && value.toLowerCase() === 'latest')
        return 'latest';
    const bare = value.replace(/^(docker-)?v/i, '');
    if (!VERSION.test(bare)) {
        const valid = allowLatest ? 'X.Y.Z (e.g. 27.3.1), vX.Y.Z or latest' : 'X.Y.Z (e.g. 2.29.7) or vX.Y.Z';
        throw inputError(name, `'${value}' is not a version: use ${valid}`);
    }
    return bare;
}
/** 64 hex digits (a `sha256:` prefix allowed), lower-cased; empty stays empty. */
function sha256(name, value) {
    if (value === '')
        return '';
    const hex = value.replace(/^sha256:/i, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hex))
        throw inputError(name, 'is not a sha256: use 64 hex digits');
    return hex;
}
const DURATION_UNITS = { s: 1000, m: 60_000, h: 3_600_000 };
/** `90s`, `15m`, `1h30m`, `0` (none): milliseconds; `fallback` when empty. */
function duration(name, value, fallback) {
    if (value === '')
        return fallback;
    if (value === '0')
        return 0;
    const parts = [...value.matchAll(/(\d+)([smh])/g)];
    if (!/^(\d+[smh])+$/.test(value) || parts.length === 0)
        throw inputError(name, `'${value}' is not a duration such as 90s, 15m, 1h30m or 0`);
    const ms = parts.reduce((sum, [, count, unit]) => sum + Number(count) * (DURATION_UNITS[unit ?? 's'] ?? 0), 0);
    // timers hold 2^31 - 1 ms (about 24 days): a week is the most a CI step can mean
    if (ms > 7 * 24 * 3_600_000)
        throw inputError(name, `'${value}' is longer than a week (168h)`);
    return ms;
}
/** One line of text with no control character (a user name, a host): what can be echoed safely. */
function oneLine(name, value) {
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(value))
        throw inputError(name, 'has a line break or another control character');
    return value;
}
/** A value that will stand in a command line where docker has no `--`: it may not look like an option. */
function notOption(name, value) {
    if (value.startsWith('-'))
        throw inputError(name, `'${value}' starts with '-', as an option would`);
    return value;
}
/** An http(s) URL without a trailing slash; `fallback` when empty. */
function url(name, value, fallback) {
    const text = (value || fallback).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(text))
        throw inputError(name, `'${value}' is not a URL: use http(s)://host/path`);
    return text;
}
/** A JSON object; `{}` when empty. The error never repeats the value. */
function jsonObject(name, value) {
    if (value === '')
        return {};
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        throw inputError(name, 'is not valid JSON: use an object such as {"debug": true}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw inputError(name, 'must be a JSON object such as {"debug": true}');
    }
    return parsed;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./lib/src/build/cache-plan.js
// The cache plan: which cache images each stage reads and writes, how they reach the build for each
// builder, and which of them a run pushes. Pure: inputs and the detected builder in, references out.
//
// Cache images are tags of the image's own repository, `<image>:cache-<branch>-<stage>`: that works on
// every registry (Docker Hub allows no nested repository, ECR wants every repository created first, a
// second repository needs permissions of its own on GHCR), uses the same login, and the final stage's
// cache image shares its layers with the image itself, so pushing it uploads nothing new.


const MAX_TAG = 128;
/**
 * `cache-<branch>-<stage>`, or `cache-<branch>-<cache key>-<stage>`; the branch shortened so that the
 * stage key and the cache key always survive.
 */
function cacheTag(branch, key, cacheKey = '') {
    const tail = cacheKey ? `${cacheKey}-${key}` : key;
    const room = MAX_TAG - 'cache--'.length - tail.length;
    return `cache-${toTag(branch).slice(0, Math.max(room, 1))}-${tail}`;
}
/**
 * The cache key a build gets when `cache-key` is empty: none when it builds the Dockerfile's last
 * stage with every ARG at its default (the cache tags stay as they were), else the target's name and/or
 * 8 hex digits of a hash of the build args that differ from their defaults. Two jobs of a matrix that
 * build other targets or other arguments then write cache tags of their own. A value that carries
 * something of this run alone (`volatile`: the commit, the version) is left out: it would give every
 * run a key of its own, and no run would find the cache of the one before.
 */
function derivedCacheKey(parsed, target, buildArgs, volatile = []) {
    const parts = [];
    const last = parsed.stages.length - 1;
    if (target && parsed.target !== last)
        parts.push(parsed.stages[parsed.target]?.key ?? target);
    const changed = [...buildArgs]
        .filter(({ key, value }) => parsed.argDefaults.has(key) && parsed.argDefaults.get(key) !== value)
        .filter(({ value }) => !volatile.some((part) => part && value.includes(part)))
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .map(({ key, value }) => `${key}=${value}\n`);
    if (changed.length > 0)
        parts.push((0,external_node_crypto_.createHash)('sha256').update(changed.join('')).digest('hex').slice(0, 8));
    return toTag(parts.join('-'))
        .slice(0, 40)
        .replace(/^untagged$/, '');
}
/** The cache key of a run: `cache-key` (`none`: no key), else derivedCacheKey. */
function resolveCacheKey(input, parsed, target, buildArgs, context) {
    if (input === 'none')
        return '';
    if (input)
        return input;
    const volatile = [context.sha.slice(0, 7), context.gitTag.replace(/^v/, '')].filter((part) => part.length >= 3);
    return derivedCacheKey(parsed, target, buildArgs, volatile);
}
/**
 * The stages a build runs: every stage up to the target for the legacy builder (it does not skip the
 * ones the target does not need), only the needed ones for BuildKit and buildx.
 */
function builtStages(builder, parsed) {
    if (builder !== 'legacy')
        return parsed.needed;
    return parsed.stages.filter((stage) => stage.index <= parsed.target).map((stage) => stage.index);
}
/** This branch's cache image of each built stage, and the default branch's to fall back on. */
function stageCaches(home, context, parsed, builder) {
    return builtStages(builder, parsed).map((index) => {
        const stage = parsed.stages[index];
        // buildx keeps every stage in one registry cache (mode=max), so all stages share one reference.
        const key = builder === 'buildx' ? 'all' : stage.key;
        const branches = [...new Set([context.branch, context.defaultBranch].filter(Boolean))];
        const read = branches.map((branch) => `${home.repository.name}:${cacheTag(branch, key, home.key)}`);
        return { stage, read, write: context.branch ? read[0] : undefined };
    });
}
/**
 * Whether a stage before the last may have a cache to read (waves.ts builds the stages apart only then),
 * or the references to look for in the registry to tell: known at once with a `cache-from` of the
 * user's (true) or in Actions mode (whether an entry was restored: `restored`); else the earlier
 * stages' references that can be read, none meaning no.
 */
function earlierCacheQuestion(caches, readable, extra, restored) {
    if (extra.length > 0)
        return true;
    if (restored !== undefined)
        return restored !== '';
    const refs = caches.slice(0, -1).flatMap((cache) => cache.read.filter((ref) => readable.includes(ref)));
    return refs.length > 0 ? refs : false;
}
/** `no-cache`: auto rebuilds everything, pulling newer bases, on scheduled runs only. */
function noCacheFlags(mode, event) {
    if (mode === 'true')
        return { noCache: true, pull: false };
    if (mode === 'auto' && event === 'schedule')
        return { noCache: true, pull: true };
    return { noCache: false, pull: false };
}
/** `cache` left empty: the registry, unless berth may never push there and the Actions cache is at hand. */
function resolveCacheMode(input, push, env) {
    if (input)
        return input;
    const actions = Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
    return push === 'false' && actions ? 'actions' : 'registry';
}
/** What `--cache-from` gets: references as they are, or buildx's `type=registry,ref=` form (a `type=` source as it is). */
function cacheFromArgs(builder, refs) {
    const unique = [...new Set(refs)];
    if (builder !== 'buildx')
        return unique;
    return unique.map((ref) => (ref.startsWith('type=') ? ref : `type=registry,ref=${ref}`));
}
/** buildx exports one registry cache with every stage (mode=max); image-manifest for ECR-like registries. */
function buildxCacheTo(ref, ignoreError = false) {
    const tail = ignoreError ? ',ignore-error=true' : '';
    return `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true${tail}`;
}
/**
 * buildx's registry cache is exported by the build the tests use (`--cache-to`), as build-push-action's
 * recipe does: a second build after the tests, only to export, cost the containerd store's code change
 * 5.63 s against the recipe's 2.72 s (bench, engine 28), and now and then lost a layer blob. The cache
 * holds build steps, which a failing test does not make wrong; a run that writes no cache (a pull
 * request, no push) exports none. A failed export does not fail the build (`ignore-error`): berth
 * warns of it (cacheExportError).
 */
function buildCacheTo(builder, mode, caches, writes) {
    const write = caches[0]?.write;
    return builder === 'buildx' && mode === 'registry' && writes && write ? [buildxCacheTo(write, true)] : [];
}
/**
 * The cache image in the image's own repository that served the final stage whole, if one did: the
 * registry holds every layer of the built image already, and (when the build made the very same image)
 * a manifest of it to tag.
 */
function wholeFromRepository(builder, rows, repository) {
    // buildx's registry cache is a cache manifest, not an image to tag
    if (builder === 'buildx')
        return undefined;
    const last = rows[rows.length - 1];
    if (!last || last.steps === 0 || last.hits < last.steps || !last.hitRef)
        return undefined;
    return splitReference(last.hitRef).name === repository ? last.hitRef : undefined;
}
/** The reference credited with a stage's hits: the first of its references (then the extras) that existed. */
function creditHits(caches, rows, found, extra) {
    return rows.map((row, index) => {
        const candidates = [...(caches[index]?.read ?? []), ...extra];
        const hitRef = row.hits > 0 ? (candidates.find(found) ?? '') : '';
        return { ...row, hitRef };
    });
}
/**
 * Whether a stage's cache image must be pushed: not when the run has nowhere to write it, and not when
 * it did not change. Changed: the legacy builder's stage image differs from the one pulled from the
 * write reference; for BuildKit, a step missed the cache or the write reference did not exist yet.
 */
function needsPush(builder, cache, row, writeRefId) {
    if (!cache.write)
        return false;
    if (writeRefId === undefined)
        return true;
    if (builder === 'legacy' && row.imageId)
        return !writeRefId.replace(/^sha256:/, '').startsWith(row.imageId);
    return row.hits < row.steps;
}
/** The summary rows: stage, reference hit, steps cached/total. */
function cacheTable(rows) {
    return [
        ['stage', 'cache hit from', 'steps cached'],
        ...rows.map((row) => [row.key, row.hitRef || '-', `${row.hits}/${row.steps}`]),
    ];
}

;// CONCATENATED MODULE: ./lib/src/install/settings.js
// The install and daemon inputs, parsed into one typed object (called from inputs.ts): which docker,
// compose and buildx to install, from where, how strictly to verify, and whether to start a daemon.

const DEFAULT_URLS = {
    docker: 'https://download.docker.com/linux/static',
    compose: 'https://github.com/docker/compose/releases/download',
    buildx: 'https://github.com/docker/buildx/releases/download',
};
function tool(read, name, allowLatest) {
    return {
        version: version(`${name}-version`, read(`${name}-version`), allowLatest),
        downloadUrl: url(`${name}-download-url`, read(`${name}-download-url`), DEFAULT_URLS[name]),
        sha256: sha256(`${name}-sha256`, read(`${name}-sha256`)),
    };
}
const STORAGE_DRIVERS = ['overlay2', 'fuse-overlayfs', 'btrfs', 'zfs', 'vfs'];
function parseInstallSettings(read) {
    const daemon = oneOf('daemon', read('daemon'), ['existing', 'dedicated'], 'existing');
    const daemonConfig = jsonObject('daemon-config', read('daemon-config'));
    const storageDriver = read('storage-driver')
        ? oneOf('storage-driver', read('storage-driver'), STORAGE_DRIVERS, 'overlay2')
        : '';
    if (storageDriver && daemon !== 'dedicated')
        throw inputError('storage-driver', 'applies to a daemon berth starts: set daemon: dedicated');
    if (storageDriver && 'storage-driver' in daemonConfig)
        throw inputError('storage-driver', "is given twice: leave 'storage-driver' out of daemon-config");
    return {
        docker: {
            ...tool(read, 'docker', true),
            channel: oneOf('docker-channel', read('docker-channel'), ['stable', 'test'], 'stable'),
        },
        compose: tool(read, 'compose', false),
        buildx: tool(read, 'buildx', false),
        verify: oneOf('verify', read('verify'), ['warn', 'strict'], 'warn'),
        daemon,
        daemonConfig: storageDriver ? { ...daemonConfig, 'storage-driver': storageDriver } : daemonConfig,
        daemonTls: flag('daemon-tls', read('daemon-tls'), false),
        storageDriver,
    };
}

;// CONCATENATED MODULE: ./lib/src/registry/templates.js
// The templates of the `tags` input: `{{sha}}`, `{{branch}}`, `{{version}}`, `{{major}}`, `{{minor}}`,
// `{{patch}}`, `{{pr}}`, `{{run}}` and `{{date 'FORMAT'}}`, checked when the inputs are read and filled
// in once the run's context is known. This module loads no package: inputs.ts checks the templates
// before main's code loads.
/** The names a template may use; `date` takes a format in quotes. */
const TEMPLATE_NAMES = [
    'sha',
    'branch',
    'version',
    'major',
    'minor',
    'patch',
    'pr',
    'run',
    'date',
];
const TEMPLATE = /\{\{\s*([a-z]+)(?:\s+'([^']*)')?\s*\}\}/g;
/** Whether a `tags` entry uses templates. */
function hasTemplate(entry) {
    return entry.includes('{{');
}
/** Why a template entry is not valid, or undefined when it is. */
function templateError(entry) {
    const rest = entry.replace(TEMPLATE, (_whole, name, format) => {
        if (!TEMPLATE_NAMES.includes(name))
            return `\0${name}`;
        if ((name === 'date') !== (format !== undefined))
            return `\0${name}`;
        return '';
    });
    const bad = /\0(\w+)/.exec(rest)?.[1];
    if (bad === 'date')
        return `'${entry}': {{date}} needs a format in quotes, such as {{date 'YYYYMMDD'}}`;
    if (bad !== undefined)
        return `'${entry}': {{${bad}}} is not a template (${TEMPLATE_NAMES.map((name) => `{{${name}}}`).join(', ')})`;
    if (rest.includes('{{') || rest.includes('}}'))
        return `'${entry}': a '{{' or '}}' with no template`;
    return undefined;
}
const pad = (value, width = 2) => String(value).padStart(width, '0');
/**
 * A date in UTC, by the tokens of moment's format that tags use: `YYYY`, `YY`, `MM`, `DD`, `HH`, `mm`,
 * `ss`; other characters stay as they are. Written here: seven tokens do not need a date library.
 */
function formatDate(date, format) {
    const tokens = {
        YYYY: pad(date.getUTCFullYear(), 4),
        YY: pad(date.getUTCFullYear() % 100),
        MM: pad(date.getUTCMonth() + 1),
        DD: pad(date.getUTCDate()),
        HH: pad(date.getUTCHours()),
        mm: pad(date.getUTCMinutes()),
        ss: pad(date.getUTCSeconds()),
    };
    return format.replace(/YYYY|YY|MM|DD|HH|mm|ss/g, (token) => tokens[token] ?? token);
}
/** The entry with its templates filled in, or undefined when one of them has no value in this run. */
function renderTemplate(entry, values) {
    let missing = false;
    const text = entry.replace(TEMPLATE, (_whole, name, format) => {
        const value = name === 'date'
            ? formatDate(values.now, format ?? '')
            : values[name];
        if (!value)
            missing = true;
        return value;
    });
    return missing ? undefined : text;
}
/**
 * A `tags` entry split into the repository it names (empty for a bare tag) and its tag, where the tag
 * may hold templates (whose formats may hold ':' or '/'): the name ends at the first ':' after the last
 * '/' before any template.
 */
function splitEntry(entry) {
    const brace = entry.indexOf('{{');
    const head = brace < 0 ? entry : entry.slice(0, brace);
    const slash = head.lastIndexOf('/');
    const colon = head.indexOf(':', slash + 1);
    if (colon < 0)
        return slash < 0 ? { name: '', tag: entry } : { name: entry, tag: '' };
    return { name: entry.slice(0, colon), tag: entry.slice(colon + 1) };
}

;// CONCATENATED MODULE: ./lib/src/registry/credentials.js
// Which registries berth logs in to: `registry`/`username`/`password`, the `logins` list, and where
// none names a registry berth uses, the CI's own conventions (GitLab's CI_REGISTRY variables; CircleCI's
// DOCKER_LOGIN/DOCKER_PASSWORD of its docker orb). Read with the inputs, before main's code loads:
// this module loads no package.



const KEYS = ['registry', 'username', 'password'];
function unquote(value) {
    const quoted = /^(['"])(.*)\1$/.exec(value);
    return quoted ? (quoted[2] ?? '') : value;
}
/**
 * The `logins` input: a YAML list of `registry`, `username`, `password` (as docker/login-action's
 * `registry-auth` takes it). Read here with a few lines rather than a YAML library, which the entry,
 * that checks the inputs before main's code loads, would have to load. Errors name the entry, never
 * a value.
 */
function parseLogins(text) {
    const entries = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.replace(/^\s+|\s+$/g, '');
        if (!line || line.startsWith('#'))
            return;
        const item = line.startsWith('- ') || line === '-';
        if (item)
            entries.push({});
        const pair = item ? line.slice(1).trim() : line;
        if (!pair)
            return;
        const match = /^([a-z]+)\s*:\s*(.*)$/.exec(pair);
        const key = KEYS.find((known) => known === match?.[1]);
        const entry = entries[entries.length - 1];
        if (!match || !key || !entry)
            throw inputError('logins', `line ${index + 1} is not '- registry: HOST' or 'username: ...' / 'password: ...'`);
        entry[key] = unquote(match[2] ?? '');
    });
    return entries.map((entry, index) => {
        const { registry = '', username = '', password = '' } = entry;
        if (!isRegistryHostName(registry))
            throw inputError('logins', `entry ${index + 1}: registry '${registry}' is not a host such as ghcr.io`);
        if (!username || !password)
            throw inputError('logins', `entry ${index + 1} (${registry}) needs a username and a password`);
        return { registry, username: oneLine('logins', username), password: oneLine('logins', password) };
    });
}
/** The host of a login's registry as the API compares it: no scheme, no path. */
function host(registry) {
    return registry.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}
/**
 * The CI's own credentials for the registries berth uses (`used`) that no given login names: GitLab's
 * `CI_REGISTRY`/`CI_REGISTRY_USER`/`CI_REGISTRY_PASSWORD` for `CI_REGISTRY`; on CircleCI, the docker
 * orb's `DOCKER_LOGIN`/`DOCKER_PASSWORD` for the image's registry when nothing at all is given.
 */
function ciLogins(env, used, given) {
    const named = new Set(given.map((login) => host(login.registry)));
    const found = [];
    const { CI_REGISTRY, CI_REGISTRY_USER, CI_REGISTRY_PASSWORD } = env;
    if (CI_REGISTRY &&
        CI_REGISTRY_USER &&
        CI_REGISTRY_PASSWORD &&
        used.includes(host(CI_REGISTRY)) &&
        !named.has(host(CI_REGISTRY)))
        found.push({ registry: host(CI_REGISTRY), username: CI_REGISTRY_USER, password: CI_REGISTRY_PASSWORD });
    const [image] = used;
    if (env.CIRCLECI &&
        env.DOCKER_LOGIN &&
        env.DOCKER_PASSWORD &&
        image &&
        given.length === 0 &&
        found.length === 0)
        found.push({ registry: image, username: env.DOCKER_LOGIN, password: env.DOCKER_PASSWORD });
    return found;
}
/** The registries a run uses: the image's first, then those of the full references in `tags`. */
function registriesUsed(image, entries) {
    const named = entries.flatMap((entry) => {
        const parsed = splitEntry(entry).name ? parseRepository(splitEntry(entry).name) : undefined;
        return parsed && typeof parsed !== 'string' ? [parsed.registry] : [];
    });
    return [...new Set([...(image ? [image.registry] : []), ...named])];
}

;// CONCATENATED MODULE: ./lib/src/registry/settings.js
// The login, tag and push inputs, parsed into one typed object (called from inputs.ts): the tags and
// their templates, `latest`, the logins, promotion, retries. This module loads no package: inputs.ts
// checks the inputs before main's code loads.




/**
 * A `tags` entry: a tag, or a `name:tag` reference (its name normalised), either of them with
 * templates (checked here, filled in once the run is known).
 */
function tagEntry(repository, entry) {
    const { name, tag } = splitEntry(entry);
    const problem = hasTemplate(tag) ? templateError(entry) : undefined;
    if (problem)
        throw inputError('tags', problem);
    const parsed = name ? parseRepository(name) : repository;
    const validTag = hasTemplate(tag) || isValidTag(tag);
    if (!name && validTag && !repository)
        throw inputError('tags', `bare tag '${entry}' needs 'image' to be set`);
    if (typeof parsed === 'string' || !parsed || !tag || !validTag) {
        throw inputError('tags', `'${entry}' is neither a tag (letters, digits, '_', '.', '-'), a name:tag reference nor a template such as {{sha}}`);
    }
    return name ? `${parsed.name}:${tag}` : tag;
}
/** `tag-prefix` / `tag-suffix`: what may stand at the start / the end of a tag. */
function tagAffix(name, value, start) {
    const valid = start ? /^([A-Za-z0-9_][A-Za-z0-9_.-]*)?$/ : /^[A-Za-z0-9_.-]*$/;
    if (!valid.test(value) || value.length > 64)
        throw inputError(name, `'${value}' cannot ${start ? 'start' : 'end'} a tag (letters, digits, '_', '.', '-')`);
    return value;
}
function tagSettings(read, image) {
    return {
        entries: items(read('tags')).map((entry) => tagEntry(image, entry)),
        defaultTags: flag('default-tags', read('default-tags'), true),
        prefix: tagAffix('tag-prefix', read('tag-prefix'), true),
        suffix: tagAffix('tag-suffix', read('tag-suffix'), false),
        latest: oneOf('latest', read('latest'), ['auto', 'true', 'false'], 'auto'),
    };
}
function registryHost(value) {
    if (value && !isRegistryHostName(value))
        throw inputError('registry', `'${value}' is not a registry host such as ghcr.io or registry.example:5000`);
    return value;
}
/**
 * `promote-from`: a full reference (`name:tag`, `name@sha256:...`), or a tag or digest of `image`
 * (`sha-1a2b3c4`, `sha256:...`).
 */
function promoteFrom(value, image) {
    if (!value)
        return '';
    const problem = hasTemplate(value) ? templateError(value) : undefined;
    if (problem)
        throw inputError('promote-from', problem);
    // a template is checked as the reference its sample values give
    const sample = value.replace(/\{\{[^}]*\}\}/g, 'x');
    const bare = isValidTag(sample) || /^sha256:[0-9a-f]{64}$/.test(sample);
    if (bare && !image)
        throw inputError('promote-from', `'${value}' needs 'image' to be set`);
    const reference = bare ? `${image?.name}${value.startsWith('sha256:') ? '@' : ':'}${value}` : value;
    const parsed = parseReference(notOption('promote-from', reference.replace(/\{\{[^}]*\}\}/g, 'x')));
    if (typeof parsed === 'string' || !(parsed.tag || parsed.digest))
        throw inputError('promote-from', `'${value}' is not a tag, a digest or a reference such as ghcr.io/acme/shop:sha-1a2b3c4`);
    return reference;
}
function parsePublishSettings(read, image, env) {
    const username = oneLine('username', read('username'));
    const password = oneLine('password', read('password'));
    if (Boolean(username) !== Boolean(password)) {
        const [missing, given] = username ? ['password', 'username'] : ['username', 'password'];
        throw inputError(missing, `is required when '${given}' is set`);
    }
    const registry = registryHost(read('registry')) || image?.registry || '';
    if (password && !registry)
        throw inputError('registry', 'is required to log in when no image is given');
    const tags = tagSettings(read, image);
    const promote = promoteFrom(read('promote-from'), image);
    const given = [...(password ? [{ registry, username, password }] : []), ...parseLogins(read('logins'))];
    return {
        tags,
        push: oneOf('push', read('push'), ['auto', 'true', 'false'], 'auto'),
        logins: [...given, ...ciLogins(env, registriesUsed(image, [...tags.entries, promote]), given)],
        logout: flag('logout', read('logout'), true),
        promoteFrom: promote,
        retries: wholeNumber('retries', read('retries') || '3', 20),
        timeoutMs: duration('push-timeout', read('push-timeout'), 1_800_000) || 1_800_000,
    };
}

;// CONCATENATED MODULE: ./lib/src/inputs.js
// Inputs are read here once, into a typed and validated object, before any command runs; nothing else
// reads an input. Each phase gets its own part of it (a build request has no password in it). This
// module loads no package: index.ts checks the inputs before main's code loads.









/** Every input action.yml declares; the CLI accepts these as `--name value`. */
const INPUT_NAMES = (/* unused pure expression or super */ null && ([
    'image',
    'build',
    'context',
    'file',
    'target',
    'build-args',
    'tags',
    'labels',
    'default-tags',
    'tag-prefix',
    'tag-suffix',
    'latest',
    'cache-from',
    'cache-key',
    'cache-repository',
    'test-command',
    'test-env',
    'artifacts-path',
    'artifacts-dest',
    'push',
    'registry',
    'username',
    'password',
    'logins',
    'logout',
    'promote-from',
    'retries',
    'docker-version',
    'compose-version',
    'docker-host',
    'min-free-space',
    'prune',
    'docker-channel',
    'docker-download-url',
    'docker-sha256',
    'compose-download-url',
    'compose-sha256',
    'buildx-version',
    'buildx-download-url',
    'buildx-sha256',
    'verify',
    'daemon',
    'daemon-config',
    'daemon-tls',
    'storage-driver',
    'cache',
    'no-cache',
    'tested-tree',
    'test-timeout',
    'push-timeout',
    'test-reports',
    'compose-file',
    'compose-services',
    'compose-timeout',
]));
/** Inputs as a runner passes them: `INPUT_<NAME>` with spaces as `_`, upper-cased (as `core.getInput`). */
function envInputs(env) {
    return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
/** The job's folder. CircleCI gives its working directory as `~/project`, so `~` is expanded here. */
function workspace(env) {
    const circle = env.CIRCLE_WORKING_DIRECTORY?.replace(/^~(?=\/|$)/, (0,external_node_os_.homedir)());
    return env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR || circle || process.cwd();
}
function dockerHost(value) {
    if (value && !/^(unix|tcp|ssh|npipe):\/\/\S+$/.test(value)) {
        throw inputError('docker-host', `'${value}' is not an endpoint such as unix:///var/run/docker.sock or tcp://host:2376`);
    }
    return value;
}
/** Which copied files are JUnit reports: a glob relative to the artifacts folder, never outside it. */
function reportsGlob(value) {
    const glob = value || '**/*.xml';
    if (external_node_path_.isAbsolute(glob) || glob.split('/').includes('..'))
        throw inputError('test-reports', `'${value}' leads outside the artifacts: use a glob such as **/*.xml`);
    return glob;
}
/**
 * The test commands: one a line, in order; a line that ends with `\\` goes on on the next, as in a
 * shell script. A script of several lines goes in a file of the image.
 */
function testCommands(text) {
    return text
        .replace(/\\\r?\n/g, ' ')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
}
/** A list given one a line or separated by commas or spaces, each entry a name (a service). */
function listed(name, text) {
    const entries = text.split(/[\s,]+/).filter(Boolean);
    const bad = entries.find((entry) => !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(entry));
    if (bad)
        throw inputError(name, `'${bad}' is not a service name (letters, digits, '_', '.', '-')`);
    return entries;
}
/** The compose files: each there, in the workspace or the runner's temp dir. */
function composeFiles(text, workspace, env) {
    return lines(text).map((entry) => {
        const file = external_node_path_.resolve(workspace, entry);
        const roots = [workspace, env.RUNNER_TEMP].filter((root) => Boolean(root));
        if (!roots.some((root) => isInside(file, root)))
            throw inputError('compose-file', `'${entry}' is outside the workspace: use a path inside the repository`);
        if (!(0,external_node_fs_.existsSync)(file))
            throw inputError('compose-file', `'${entry}' does not exist`);
        return file;
    });
}
/** A build stage's name, as the Dockerfile's `AS` gives it. */
function target(value) {
    if (value && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value))
        throw inputError('target', `'${value}' is not a stage name (letters, digits, '_', '.', '-')`);
    return value;
}
/** A reference to pull as a cache: `name[:tag][@digest]`. */
function cacheReference(value) {
    const parsed = parseReference(notOption('cache-from', value));
    if (typeof parsed === 'string')
        throw inputError('cache-from', `'${value}' ${parsed}: use an image reference such as ghcr.io/acme/shop:cache`);
    return value;
}
/** `cache-key`: what stands in a tag between the branch and the stage. */
function cacheKey(value) {
    if (value && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/.test(value))
        throw inputError('cache-key', `'${value}' is not a key of up to 40 letters, digits, '_', '.', '-'`);
    return value;
}
function cacheRepository(value) {
    if (!value)
        return undefined;
    const parsed = parseRepository(notOption('cache-repository', value));
    if (typeof parsed === 'string')
        throw inputError('cache-repository', parsed);
    return parsed;
}
/** Build-arg keys the docker client itself reads: a build argument must not change the client. */
const CLIENT_VARIABLES = /^(DOCKER_\w*|BUILDX_\w*|BUILDKIT_HOST|BUILDKIT_PROGRESS|PATH|HOME|TMPDIR|LD_\w+)$/;
function buildArgs(text) {
    const parsed = parseKeyValues('build-args', text);
    const client = parsed.find(({ key }) => CLIENT_VARIABLES.test(key));
    if (client)
        throw inputError('build-args', `${client.key} is read by the docker client itself; use another name`);
    return parsed;
}
/**
 * Where the reports land: inside the workspace or the runner's temp dir, also through every link on
 * the way (a link committed to the repository may not lead the copy elsewhere).
 */
function artifactsDest(value, workspace, env) {
    const dest = external_node_path_.resolve(workspace, value || 'berth-artifacts');
    const roots = [workspace, env.RUNNER_TEMP].filter((root) => Boolean(root));
    const real = realPathOfExisting(dest);
    if (!roots.some((root) => isInside(dest, root) && isInside(real, realPathOfExisting(root)))) {
        throw inputError('artifacts-dest', `'${value}' is not inside the workspace or the runner's temp dir (links followed): use a relative path such as reports`);
    }
    return dest;
}
/** The real path of `file`'s deepest existing ancestor, with the rest of `file` after it. */
function realPathOfExisting(file) {
    let existing = file;
    while (!(0,external_node_fs_.existsSync)(existing) && external_node_path_.dirname(existing) !== existing)
        existing = external_node_path_.dirname(existing);
    return external_node_path_.join((0,external_node_fs_.realpathSync)(existing), external_node_path_.relative(existing, file));
}
/**
 * The build's context and Dockerfile: both there; a Dockerfile given inside the workspace, the context
 * or the runner's temp dir (where an earlier step may have written one).
 */
function buildPaths(read, workspace, env) {
    const context = external_node_path_.resolve(workspace, read('context') || '.');
    const file = read('file') ? external_node_path_.resolve(workspace, read('file')) : external_node_path_.join(context, 'Dockerfile');
    if (!(0,external_node_fs_.existsSync)(context))
        throw inputError('context', `'${read('context') || '.'}' does not exist`);
    const roots = [workspace, context, env.RUNNER_TEMP].filter((root) => Boolean(root));
    if (read('file') && !roots.some((root) => isInside(file, root)))
        throw inputError('file', `'${read('file')}' is outside the workspace, the context and the runner's temp dir: use a path inside the repository`);
    if (!(0,external_node_fs_.existsSync)(file))
        throw inputError('file', `'${external_node_path_.relative(workspace, file)}' does not exist: set file to the Dockerfile's path`);
    return { context, file };
}
/** The repository to build, or none (detect and set up only). */
function repository(value) {
    const image = value ? parseRepository(value) : undefined;
    if (typeof image === 'string')
        throw inputError('image', image);
    return image;
}
/** `build: false`: the image to test, with a tag or a digest (never an implied `latest`). */
function pulled(value) {
    const example = 'such as ghcr.io/acme/shop:sha-1a2b3c4 or ghcr.io/acme/shop@sha256:...';
    if (!value)
        throw inputError('image', `is required when build is false: the image to test, ${example}`);
    const reference = parseReference(notOption('image', value));
    if (typeof reference === 'string')
        throw inputError('image', `'${value}' ${reference}`);
    if (!reference.tag && !reference.digest)
        throw inputError('image', `'${value}' needs a tag or a digest when build is false, ${example}`);
    return { image: reference.repository, pull: value };
}
function parseSettings(read, workspace, env = process.env) {
    const builds = flag('build', read('build'), true);
    const { image, pull } = builds
        ? { image: repository(read('image')), pull: undefined }
        : pulled(read('image'));
    const { context, file } = 
    // a promotion builds nothing: it needs no Dockerfile
    image && builds && !read('promote-from')
        ? buildPaths(read, workspace, env)
        : { context: workspace, file: external_node_path_.join(workspace, 'Dockerfile') };
    const artifactsPath = read('artifacts-path') || '/artifacts';
    if (!artifactsPath.startsWith('/')) {
        throw inputError('artifacts-path', `'${artifactsPath}' must be an absolute path inside the container`);
    }
    const publish = parsePublishSettings(read, image, env);
    const composeList = composeFiles(read('compose-file'), workspace, env);
    const commands = testCommands(read('test-command'));
    if (commands.length === 0 && pull)
        throw inputError('test-command', 'is required when build is false: berth tests the image it pulls');
    if (commands.length === 0 && composeList.length > 0)
        throw inputError('test-command', 'is required with compose-file: the services are there for the tests');
    const cacheInput = read('cache');
    const cache = cacheInput
        ? oneOf('cache', cacheInput, ['registry', 'actions', 'none'], 'registry')
        : '';
    return {
        image,
        pull,
        workspace,
        install: parseInstallSettings(read),
        detect: {
            dockerHost: dockerHost(read('docker-host')),
            workspace,
            minFreeBytes: size('min-free-space', read('min-free-space') || '2GiB'),
            prune: flag('prune', read('prune'), false),
        },
        build: {
            context,
            file,
            target: target(read('target')),
            buildArgs: buildArgs(read('build-args')),
            cacheFrom: items(read('cache-from')).map(cacheReference),
            cache: resolveCacheMode(cache, publish.push, env),
            noCache: oneOf('no-cache', read('no-cache'), ['auto', 'true', 'false'], 'auto'),
            testedTree: oneOf('tested-tree', read('tested-tree'), ['test', 'trust', 'build'], 'test'),
            retries: publish.retries,
            labels: parseKeyValues('labels', read('labels'), LABEL_KEYS),
            cacheKey: cacheKey(read('cache-key')),
            cacheRepository: cacheRepository(read('cache-repository')),
        },
        test: {
            commands,
            env: parseKeyValues('test-env', read('test-env')),
            artifactsPath,
            artifactsDest: artifactsDest(read('artifacts-dest'), workspace, env),
            timeoutMs: duration('test-timeout', read('test-timeout'), 0),
            reports: reportsGlob(read('test-reports')),
            services: {
                files: composeList,
                services: listed('compose-services', read('compose-services')),
                timeoutMs: duration('compose-timeout', read('compose-timeout'), 120_000) || 120_000,
                workspace,
            },
        },
        publish,
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./lib/src/core/cancel.js
var cancel = __webpack_require__(8768);
// EXTERNAL MODULE: ./lib/src/core/exec.js
var exec = __webpack_require__(1195);
// EXTERNAL MODULE: ./lib/src/core/retry.js
var retry = __webpack_require__(1746);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./lib/src/core/docker-cli.js
var docker_cli = __webpack_require__(4773);
;// CONCATENATED MODULE: ./lib/src/registry/api.js
// Tags put in the registry itself. When the registry already has a manifest of the very image (a warm
// run's image is its final stage's cache image; a cold run's first tag was just pushed), each further
// tag is one PUT of that manifest's bytes: no daemon, no layer checks. Written on
// @actions/http-client (which honours the runner's proxy settings) because what is needed is four
// requests of the distribution API; the client libraries for it are unmaintained or pull in far more.
// Whatever this cannot do safely returns a reason, and the caller pushes with docker instead: a
// manifest of another image, an index, credentials that only a helper holds, a registry it cannot
// reach the way the daemon does (a self-signed certificate, an insecure registry that is not local).









/** The manifest types a copy may carry: one image, Docker's or OCI's. Lists and indexes are left to docker. */
const IMAGE_MANIFESTS = [
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
];
/** What the containerd image store pushes: an index, whose digest is the image's ID there. */
const IMAGE_INDEXES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
];
const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
function parseChallenge(header) {
    const match = /^\s*(\w+)\s*(.*)$/.exec(header);
    if (!match)
        return undefined;
    const params = {};
    for (const [, key, quoted, bare] of (match[2] ?? '').matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
        if (key)
            params[key.toLowerCase()] = quoted?.replace(/\\(.)/g, '$1') ?? bare ?? '';
    return { scheme: (match[1] ?? '').toLowerCase(), params };
}
/** credentialsFor, with a helper asked. */
async function resolveCredentials(registry, logins, env) {
    const found = credentialsFor(registry, logins, env);
    return 'helper' in found ? askHelper(found.helper, found.server) : found;
}
/** Hosts Docker treats as insecure unless told otherwise: the loopback ones, which may speak plain HTTP. */
function isLoopback(host) {
    const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0];
    return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name ?? '');
}
/** Where the API answers, in the order to try: HTTPS, and plain HTTP only for a loopback host. */
function apiBases(registry) {
    const host = registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
    return isLoopback(host) ? [`https://${host}`, `http://${host}`] : [`https://${host}`];
}
/** The repository's name in the registry's API: Docker Hub's official images are library/<name>. */
function apiRepository(repository) {
    const hubOfficial = repository.registry === DOCKER_HUB && !repository.path.includes('/');
    return hubOfficial ? `library/${repository.path}` : repository.path;
}
/** The `user:password` pair for a registry, from berth's own logins or docker's config; else a reason. */
function credentialsFor(registry, logins, env, files = file_view_realFiles) {
    const hub = registry === DOCKER_HUB;
    const login = logins.find((given) => {
        const host = given.registry.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
        return host === registry || (hub && /(^|\.)docker\.io$/.test(host));
    });
    if (login)
        return { basic: Buffer.from(`${login.username}:${login.password}`).toString('base64') };
    const config = (0,docker_cli/* readDockerConfig */.TO)(env, files);
    if ('invalid' in config)
        return { reason: config.invalid };
    const key = hub ? DOCKER_HUB_CONFIG_KEY : registry;
    const entry = config.auths?.[key] ?? config.auths?.[`https://${key}`] ?? config.auths?.[`http://${key}`];
    const helper = config.credHelpers?.[key];
    if (helper)
        return { helper, server: key };
    if (entry?.identitytoken)
        return { reason: `credentials for ${registry} are an identity token` };
    if (entry?.auth)
        return { basic: entry.auth };
    if (config.credsStore)
        return { helper: config.credsStore, server: key };
    return { none: true };
}
/**
 * Asks a credential helper (`docker-credential-<name> get`, the server on stdin) as the docker CLI
 * does: `Username`/`Secret` as a basic pair; "credentials not found" as none (docker goes anonymous);
 * an identity token (`<token>`) or a failing helper as a reason to leave it to docker.
 */
async function askHelper(helper, server) {
    const program = `docker-credential-${helper}`;
    const result = await (0,exec/* run */.eF)([program, 'get'], { stdin: server, allowFailure: true, timeoutMs: 30_000 }).catch((error) => ({ exitCode: 127, stdout: '', stderr: (0,errors/* errorText */.kc)(error) }));
    if (result.exitCode !== 0) {
        if (/credentials not found/i.test(`${result.stdout}${result.stderr}`))
            return { none: true };
        return {
            reason: `${program} failed for ${server}: ${(result.stderr || result.stdout).trim().slice(0, 200)}`,
        };
    }
    try {
        const { Username, Secret } = JSON.parse(result.stdout);
        if (Username === '<token>')
            return { reason: `credentials for ${server} are an identity token` };
        if (!Username || !Secret)
            return { reason: `${program} gave no credentials for ${server}` };
        core/* setSecret */.Pq(Secret);
        return { basic: Buffer.from(`${Username}:${Secret}`).toString('base64') };
    }
    catch {
        return { reason: `${program} answered what is not JSON` };
    }
}
const client = (keepAlive) => new lib/* HttpClient */.Qq('berth', [], { allowRedirects: true, socketTimeout: 10_000, keepAlive });
async function tokenFor(challenge, repository, actions, basic) {
    const realm = challenge.params.realm;
    if (!realm)
        throw new Error('the Bearer challenge names no realm');
    const url = new URL(realm);
    if (basic && url.protocol !== 'https:' && !isLoopback(url.host))
        throw new Error(`the token service ${url.origin} is not HTTPS: no password is sent there`);
    if (challenge.params.service)
        url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', `repository:${repository}:${actions}`);
    const http = client(false);
    const response = await http.get(url.toString(), basic ? { authorization: `Basic ${basic}` } : {});
    const body = await response.readBody();
    http.dispose();
    if (response.message.statusCode !== 200)
        throw new Error(`the token service answered ${response.message.statusCode}`);
    const parsed = JSON.parse(body);
    const token = parsed.token ?? parsed.access_token;
    if (!token)
        throw new Error('the token service gave no token');
    core/* setSecret */.Pq(token);
    return token;
}
/** A session with the registry's API for one repository, with a token for `actions` where it asks for one. */
async function openSession(registry, repository, basic, actions = 'pull,push') {
    let lastError = '';
    for (const base of apiBases(registry)) {
        const http = client(true);
        let response;
        try {
            response = await http.get(`${base}/v2/`);
            await response.readBody();
        }
        catch (error) {
            http.dispose();
            lastError = (0,errors/* errorText */.kc)(error);
            continue;
        }
        const status = response.message.statusCode;
        const header = response.message.headers['www-authenticate'];
        const challenge = status === 401 && typeof header === 'string' ? parseChallenge(header) : undefined;
        try {
            if (status === 200)
                return { base, authorization: undefined, http };
            if (challenge?.scheme === 'bearer')
                return {
                    base,
                    authorization: `Bearer ${await tokenFor(challenge, repository, actions, basic)}`,
                    http,
                };
            if (challenge?.scheme === 'basic' && basic)
                return { base, authorization: `Basic ${basic}`, http };
        }
        catch (error) {
            http.dispose();
            throw error;
        }
        http.dispose();
        throw new Error(`${base}/v2/ answered ${status}${challenge ? ` asking for ${challenge.scheme}` : ''}`);
    }
    throw new Error(`no answer from ${registry}: ${lastError}`);
}
/**
 * Whether a registry is silent: it takes connections and answers nothing within `timeoutMs` (what
 * would hang a build that reads its cache, or a pull, for as long as the daemon waits). Any other
 * outcome (an answer, a refused connection, a certificate berth does not trust but the daemon may)
 * says something is there, or fails fast on its own.
 */
async function registrySilent(registry, timeoutMs = 5_000) {
    const [base = ''] = apiBases(registry);
    const http = new lib/* HttpClient */.Qq('berth', [], { socketTimeout: timeoutMs, keepAlive: false });
    try {
        await (await http.get(`${base}/v2/`)).readBody();
        return false;
    }
    catch (error) {
        return /^Request timeout/.test((0,errors/* errorText */.kc)(error));
    }
    finally {
        http.dispose();
    }
}
/** The outcome: the manifest's digest with every tag on it, or why the caller should push with docker. */
/** `name:tag`, or `name[:tag]@digest` with the digest as what the manifest is asked by. */
function manifestReference(reference) {
    const at = reference.indexOf('@');
    if (at < 0)
        return splitReference(reference);
    return { name: splitReference(reference.slice(0, at)).name, tag: reference.slice(at + 1) };
}
/**
 * Puts `tags` (references in the same repository as `from`) on the manifest `from` points at, when
 * that manifest describes the image `imageId` (its config digest).
 */
async function tagInRegistry(from, tags, imageId, logins, env = process.env) {
    const source = manifestReference(from);
    const repository = parseRepository(source.name);
    if (typeof repository === 'string' || !source.tag)
        return { reason: `${from} is not name:tag or name@digest` };
    const names = tags.map(splitReference);
    if (names.some((name) => name.name !== source.name || !name.tag))
        return { reason: 'the tags are not all in the repository of the manifest' };
    const apiPath = apiRepository(repository);
    const credentials = await resolveCredentials(repository.registry, logins, env);
    if ('reason' in credentials)
        return credentials;
    let session;
    try {
        const basic = 'basic' in credentials ? credentials.basic : undefined;
        session = await openSession(repository.registry, apiPath, basic);
        const { http, authorization } = session;
        const headers = (extra) => authorization ? { ...extra, authorization } : extra;
        const base = session.base;
        // a tag or a digest: neither has a character to escape
        const manifestUrl = (tag) => `${base}/v2/${apiPath}/manifests/${tag}`;
        const accept = [...IMAGE_MANIFESTS, ...IMAGE_INDEXES].join(', ');
        // a registry may answer 5xx for a moment while other pushes to the repository go on: asked again
        let got = await http.get(manifestUrl(source.tag), headers({ accept }));
        let bytes = await got.readBody();
        for (let attempt = 1; attempt < 3 && (got.message.statusCode ?? 0) >= 500; attempt++) {
            await (0,retry/* pause */.v7)(250 * attempt);
            got = await http.get(manifestUrl(source.tag), headers({ accept }));
            bytes = await got.readBody();
        }
        if (got.message.statusCode !== 200)
            return { reason: `${from} answered ${got.message.statusCode}` };
        const mediaType = String(got.message.headers['content-type'] ?? '').split(';')[0] ?? '';
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes, 'utf8').digest('hex')}`;
        if (IMAGE_INDEXES.includes(mediaType)) {
            if (digest !== imageId)
                return { reason: `${from} is an index of another image` };
        }
        else if (IMAGE_MANIFESTS.includes(mediaType)) {
            const manifest = JSON.parse(bytes);
            if (manifest.config?.digest !== imageId)
                return { reason: `${from} is another image` };
        }
        else {
            return { reason: `${from} is a ${mediaType || 'manifest of no type'}` };
        }
        await Promise.all(names.map(async ({ tag }) => {
            const put = await http.request('PUT', manifestUrl(tag ?? ''), bytes, headers({ 'content-type': mediaType }));
            await put.readBody();
            if (put.message.statusCode !== 201)
                throw new Error(`PUT of the manifest for ${tag} answered ${put.message.statusCode}`);
        }));
        return { digest };
    }
    catch (error) {
        return { reason: (0,errors/* errorText */.kc)(error) };
    }
    finally {
        session?.http.dispose();
    }
}

;// CONCATENATED MODULE: ./lib/src/registry/lookup.js
// Whether the registry has a manifest under a tag, asked with HEAD requests of the distribution API
// (api.ts's sessions): the tested tree's tag (build/tree-key.ts), the stage cache images a build may
// read (build/cache-read.ts). A lookup that cannot tell says why; the caller decides what that means.



/**
 * Whether the registry has a manifest under `reference` (`name:tag`): its digest, `missing` when the
 * registry says it has none (404), or why it could not tell.
 */
async function findManifest(reference, logins, env = process.env) {
    return firstManifest([reference], logins, env);
}
/**
 * findManifest of each reference in turn, up to the first that is not missing: its answer, or `missing`
 * when every one is. The references of one repository share a session (one token, one connection).
 */
async function firstManifest(references, logins, env = process.env) {
    const sessions = new Map();
    try {
        for (const reference of references) {
            const source = splitReference(reference);
            const repository = parseRepository(source.name);
            if (typeof repository === 'string' || !source.tag)
                return { reason: `${reference} is not name:tag` };
            const apiPath = apiRepository(repository);
            const key = `${repository.registry}/${apiPath}`;
            if (!sessions.has(key)) {
                const opening = openRepository(repository.registry, apiPath, logins, env);
                // awaited below; marked handled so that a failure is this lookup's answer, not an unhandled one
                opening.catch(() => undefined);
                sessions.set(key, opening);
            }
            const found = await headManifest(await sessions.get(key), apiPath, source.tag);
            if (!('missing' in found))
                return 'digest' in found ? found : { reason: `${reference}: ${found.reason}` };
        }
        return { missing: true };
    }
    catch (error) {
        return { reason: (0,errors/* errorText */.kc)(error) };
    }
    finally {
        for (const session of sessions.values())
            session.then((open) => open.http.dispose(), () => undefined);
    }
}
/**
 * A lookup given up after `ms`: a registry that takes connections and answers nothing costs the run
 * that long, not the client's timeouts.
 */
function answerWithin(lookup, ms = 5_000) {
    const silence = new Promise((resolve) => setTimeout(() => resolve({ reason: `no answer within ${ms / 1000} s` }), ms).unref());
    return Promise.race([lookup, silence]);
}
/** A pull session with one repository, with the credentials a login or the docker config gives it. */
async function openRepository(registry, apiPath, logins, env) {
    const credentials = await resolveCredentials(registry, logins, env);
    if ('reason' in credentials)
        throw new Error(credentials.reason);
    return openSession(registry, apiPath, 'basic' in credentials ? credentials.basic : undefined);
}
/** HEAD of one manifest: its digest, `missing` (404), or what the registry answered. */
async function headManifest(session, apiPath, tag) {
    const accept = [...IMAGE_MANIFESTS, ...IMAGE_INDEXES].join(', ');
    const headers = session.authorization ? { accept, authorization: session.authorization } : { accept };
    const answer = await session.http.request('HEAD', `${session.base}/v2/${apiPath}/manifests/${tag}`, null, headers);
    await answer.readBody();
    const status = answer.message.statusCode;
    if (status === 404)
        return { missing: true };
    const digest = answer.message.headers['docker-content-digest'];
    if (status !== 200 || typeof digest !== 'string')
        return { reason: `answered ${status}` };
    return { digest };
}

// EXTERNAL MODULE: ./lib/src/core/actions-cache.js
var actions_cache = __webpack_require__(9444);
;// CONCATENATED MODULE: ./lib/src/build/cache-actions.js
// The `actions` cache: stage cache images kept in the GitHub Actions cache instead of a registry, keyed
// on the Dockerfile and the branch. An entry is the index of the images (reference to ID, one JSON line)
// followed by `docker save` of them by name, streamed to the service as it is written; a restore
// streams the download into `docker load`, with no file on either side (see core/actions-cache.ts for
// what that saves), and re-tags the images from the index, since a load can lose tags.








/** The entries' format: the index line, then the saved images, uncompressed. */
const IMAGES_VERSION = (0,actions_cache/* streamVersion */.ne)('docker-save/1');
/** The index line is small (a reference and an ID per stage): a longer one is not an entry of this format. */
const INDEX_LIMIT = 1024 * 1024;
/** Keys from the image name, the Dockerfile's content and the branches. */
function actionsCacheKeys(image, dockerfile, branch, defaultBranch) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(image).update('\0').update(dockerfile).digest('hex').slice(0, 16);
    const restore = [...new Set([branch, defaultBranch].filter(Boolean))].map((name) => `berth-${hash}-${name}-`);
    return { prefix: restore[0] ?? `berth-${hash}--`, restore };
}
/** The save key for a set of images: the same images give the same key, so nothing is saved twice. */
function saveKey(keys, ids) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const [ref, id] of [...ids].sort())
        hash.update(`${ref}=${id}\n`);
    return `${keys.prefix}${hash.digest('hex').slice(0, 16)}`;
}
/**
 * False (with a notice) where the Actions cache service berth needs is not there: berth carries on
 * without a cache. The stage images speak its v2 protocol themselves (GitHub Enterprise Server has only
 * v1), so they do not wait for @actions/cache to load; buildx's folder goes through it.
 */
async function actionsCacheAvailable(env, folderCache) {
    if (folderCache ? await (0,actions_cache/* cacheService */.qI)(env) : (0,actions_cache/* streamService */.a6)(env))
        return true;
    core/* notice */.lm(folderCache
        ? 'cache: actions: no Actions cache service here (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL unset), building without a cache'
        : 'cache: actions: no Actions cache service v2 here (ACTIONS_RESULTS_URL / ACTIONS_CACHE_SERVICE_V2 unset; GitHub Enterprise Server has v1 only), building without a cache');
    return false;
}
function folder() {
    const dir = external_node_path_.join(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'berth-cache');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    return dir;
}
/**
 * Splits a restored entry into its index and the saved images that follow it: the download itself,
 * with what came after the index line put back in front (the download piped on as it is costs a
 * third less CPU than through another stream: 0.22 s against 0.33 s for 150 MiB).
 */
function readIndex(body) {
    return new Promise((resolve, reject) => {
        let head = Buffer.alloc(0);
        const stop = () => {
            body.off('data', onData);
            body.off('end', onEnd);
            body.off('error', onError);
            body.pause();
        };
        const onError = (error) => {
            stop();
            reject(error);
        };
        const onEnd = () => onError(new Error('the cache entry has no index line'));
        const onData = (chunk) => {
            head = Buffer.concat([head, chunk]);
            const end = head.indexOf(10);
            if (end < 0 && head.length <= INDEX_LIMIT)
                return;
            if (end < 0)
                return onEnd();
            stop();
            body.unshift(head.subarray(end + 1));
            try {
                resolve({
                    index: JSON.parse(head.subarray(0, end).toString('utf8')),
                    images: body,
                });
            }
            catch (error) {
                reject(error instanceof Error ? error : new Error(String(error)));
            }
        };
        body.on('data', onData);
        body.once('end', onEnd);
        body.once('error', onError);
    });
}
/** Restores and loads the images; returns their IDs by reference, re-tagged, and the key restored. */
async function restoreImages(keys) {
    const none = { ids: new Map(), key: '' };
    const [first = '', ...rest] = keys.restore;
    let body;
    try {
        const entry = await (0,actions_cache/* openEntry */.vW)(first, rest, IMAGES_VERSION);
        if (!entry) {
            core/* info */.pq('cache: actions: nothing restored');
            return none;
        }
        body = entry.body;
        const { index, images } = await readIndex(body);
        const load = await (0,exec/* run */.eF)(['docker', 'load', '--quiet'], { input: images, timeoutMs: 1_800_000 });
        // each tag the load did not put back (one command each, about 0.1 s on a busy runner)
        const loaded = new Set(load.stdout.split('\n').map((line) => line.replace(/^Loaded image: /, '').trim()));
        for (const [ref, id] of Object.entries(index))
            if (!loaded.has(ref))
                await (0,exec/* run */.eF)(['docker', 'tag', id, ref]);
        core/* info */.pq(`cache: actions: restored ${entry.key}, ${Object.keys(index).length} images`);
        return { ids: new Map(Object.entries(index)), key: entry.key };
    }
    catch (error) {
        // the rest of a download that failed is not waited for
        body?.destroy();
        core/* warning */.$e(`cache: actions: the stage images were not restored (${(0,errors/* errorText */.kc)(error)}); building without them`);
        return none;
    }
}
/** Saves the images by name, unless the very same set is already saved. */
async function saveImages(keys, refs, restored) {
    if (refs.length === 0)
        return;
    const ids = new Map();
    for (const ref of refs) {
        const inspect = await (0,exec/* run */.eF)(['docker', 'image', 'inspect', '--format', '{{.Id}}', ref]);
        ids.set(ref, inspect.stdout.trim());
    }
    const key = saveKey(keys, ids);
    if (key === restored)
        return;
    const url = await (0,actions_cache/* createEntry */.dv)(key, IMAGES_VERSION);
    if (!url) {
        core/* info */.pq(`cache: actions: ${key} is saved already`);
        return;
    }
    const index = Buffer.from(`${JSON.stringify(Object.fromEntries(ids))}\n`);
    let size = 0;
    await (0,exec/* run */.eF)(['docker', 'save', ...refs], {
        timeoutMs: 1_800_000,
        output: async (saved) => {
            size = await (0,actions_cache/* uploadEntry */.Et)(url, (async function* () {
                yield index;
                yield* saved;
            })());
        },
    });
    // only once docker save has said it succeeded: a save that failed half-way is never restored
    await (0,actions_cache/* finalizeEntry */.xw)(key, IMAGES_VERSION, size);
    core/* info */.pq(`cache: actions: saved ${refs.length} images as ${key} (${(size / 2 ** 20).toFixed(0)} MiB)`);
}
/**
 * buildx's cache as a folder (`type=local`), for builders that read no image loaded into the daemon
 * (the containerd image store, a builder in a container): `src` is restored from the Actions cache,
 * `dest` is where this run exports its cache.
 */
function buildxFolders() {
    const dir = folder();
    return { src: external_node_path_.join(dir, 'buildx'), dest: external_node_path_.join(dir, 'buildx-new') };
}
/** Restores buildx's cache folder; the key restored, empty when none. */
async function restoreFolder(keys, dir) {
    const [first = '', ...rest] = keys.restore;
    const cache = await (0,actions_cache/* loadActionsCache */.g4)();
    const hit = await cache.restoreCache([dir], first, rest);
    if (!hit || !(0,external_node_fs_.existsSync)(external_node_path_.join(dir, 'index.json'))) {
        core/* info */.pq('cache: actions: nothing restored');
        return '';
    }
    core/* info */.pq(`cache: actions: restored ${hit}, buildx's cache of every stage`);
    return hit;
}
/**
 * Saves buildx's exported cache folder, keyed on its index: the same cache is never saved twice. It is
 * saved from where a restore puts it (the Actions cache keys an entry on its paths): `exported` takes
 * the place of `dir`.
 */
async function saveFolder(keys, exported, dir, restored) {
    (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    (0,external_node_fs_.renameSync)(exported, dir);
    const index = (0,external_node_fs_.readFileSync)(external_node_path_.join(dir, 'index.json'));
    const key = `${keys.prefix}${(0,external_node_crypto_.createHash)('sha256').update(index).digest('hex').slice(0, 16)}`;
    if (key === restored)
        return;
    const cache = await (0,actions_cache/* loadActionsCache */.g4)();
    await cache.saveCache([dir], key);
    core/* info */.pq(`cache: actions: saved buildx's cache as ${key}`);
}

// EXTERNAL MODULE: ./node_modules/dockerfile-ast/lib/main.js
var main = __webpack_require__(8390);
;// CONCATENATED MODULE: ./lib/src/build/stages.js
// The stages of a Dockerfile, read with a real parser: names, bases (ARG-parameterised FROMs resolved
// with the build args and the defaults of the ARGs declared before the first FROM), and which stages
// each one needs (FROM <stage>, COPY --from, RUN --mount=from=), so berth knows what a target builds.

/** Replaces `$X`, `${X}`, `${X:-default}` and `${X:+alternative}` the way the Dockerfile frontend does. */
function expandArgs(text, values) {
    return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_match, braced, op, word, bare) => {
        const value = values.get(braced ?? bare ?? '') ?? '';
        if (op === '-')
            return value || (word ?? '');
        if (op === '+')
            return value ? (word ?? '') : '';
        return value;
    });
}
function flagValues(text, flag) {
    const found = [];
    for (const match of text.matchAll(new RegExp(`--${flag}=(\\S+)`, 'g')))
        if (match[1])
            found.push(match[1]);
    return found;
}
/** `from=` values of RUN --mount options. */
function mountSources(flags) {
    return flags.flatMap((mount) => mount
        .split(',')
        .filter((option) => option.startsWith('from='))
        .map((option) => option.slice('from='.length)));
}
function parseStages(text, buildArgs, target) {
    const dockerfile = main.DockerfileParser.parse(text);
    const values = new Map();
    for (const arg of dockerfile.getInitialARGs()) {
        const property = arg.getProperty();
        if (property)
            values.set(property.getName(), property.getValue() ?? '');
    }
    for (const { key, value } of buildArgs)
        if (values.has(key))
            values.set(key, value);
    const froms = dockerfile.getFROMs();
    if (froms.length === 0)
        throw new Error('file: the Dockerfile has no FROM instruction');
    const stages = [];
    const byName = new Map();
    const resolve = (reference) => {
        if (/^\d+$/.test(reference) && Number(reference) < stages.length)
            return Number(reference);
        return byName.get(reference.toLowerCase());
    };
    const instructions = dockerfile.getInstructions();
    froms.forEach((from, index) => {
        const name = (from.getBuildStage() ?? '').toLowerCase();
        const base = expandArgs(from.getImage() ?? '', values);
        const needs = new Set();
        const parent = resolve(base);
        if (parent !== undefined)
            needs.add(parent);
        const start = from.getRange().start.line;
        const end = froms[index + 1]?.getRange().start.line ?? Number.POSITIVE_INFINITY;
        for (const instruction of instructions) {
            const line = instruction.getRange().start.line;
            if (line <= start || line >= end)
                continue;
            const keyword = instruction.getKeyword().toUpperCase();
            const raw = instruction.getTextContent();
            const sources = keyword === 'COPY' || keyword === 'ADD'
                ? flagValues(raw, 'from')
                : keyword === 'RUN'
                    ? mountSources(flagValues(raw, 'mount'))
                    : [];
            for (const source of sources) {
                const stage = resolve(expandArgs(source, values));
                if (stage !== undefined)
                    needs.add(stage);
            }
        }
        stages.push({
            index,
            name,
            key: name || `stage-${index}`,
            base,
            needs: [...needs].sort((a, b) => a - b),
        });
        if (name)
            byName.set(name, index);
    });
    const targetIndex = target ? resolve(target) : stages.length - 1;
    if (targetIndex === undefined) {
        throw new Error(`target: '${target}' is not a stage of the Dockerfile (stages: ${stages.map((stage) => stage.key).join(', ')})`);
    }
    const needed = new Set();
    const visit = (index) => {
        if (needed.has(index))
            return;
        needed.add(index);
        for (const need of stages[index]?.needs ?? [])
            visit(need);
    };
    visit(targetIndex);
    const argDefaults = new Map();
    for (const arg of dockerfile.getARGs()) {
        const property = arg.getProperty();
        if (property && !argDefaults.has(property.getName()))
            argDefaults.set(property.getName(), property.getValue() ?? '');
    }
    return { stages, target: targetIndex, needed: [...needed].sort((a, b) => a - b), argDefaults };
}

;// CONCATENATED MODULE: ./lib/src/build/cache-read.js
// Cache, read side: the Dockerfile's stages, each stage's cache image (this branch's, else the default
// branch's, then `cache-from`), brought to the build: pulled for the legacy builder (it needs them in
// the daemon), handed by reference to BuildKit and buildx (they read the registry themselves), or
// loaded from the Actions cache. A missing cache is the normal first run, never an error.












/** Pulls `ref`; false when it is not there (the normal first run). */
async function pull(ref, retries) {
    try {
        await (0,retry/* withRetries */.LH)(() => (0,exec/* run */.eF)(['docker', 'pull', '--quiet', ref], { timeoutMs: 600_000, cancellable: true }), {
            retries,
            label: `pull ${ref}`,
        });
    }
    catch (error) {
        if (error instanceof cancel/* CancelledError */.cc)
            throw error;
        core/* info */.pq(`cache: ${ref} not available (${(0,errors/* errorText */.kc)(error)})`);
        return false;
    }
    core/* info */.pq(`cache: ${ref} pulled`);
    return true;
}
/** The first of a stage's references that pulls. */
async function pullFirst(refs, retries) {
    for (const ref of refs)
        if (await pull(ref, retries))
            return ref;
    return undefined;
}
/** Image IDs by reference, in one inspect. */
async function imageIds(refs) {
    if (refs.length === 0)
        return new Map();
    const result = await (0,exec/* run */.eF)(['docker', 'image', 'inspect', '--format', '{{.Id}}', ...refs], {
        timeoutMs: 60_000,
    });
    const ids = result.stdout.trim().split('\n');
    return new Map(refs.map((ref, index) => [ref, ids[index] ?? '']));
}
/**
 * The references whose registry answers: a cache in a registry that does not answer is left out with a
 * warning, rather than hanging the build or the pull that would read it.
 */
async function answering(refs) {
    const hostOf = (ref) => {
        const parsed = parseReference(ref);
        return typeof parsed === 'string' ? '' : parsed.repository.registry;
    };
    const hosts = [...new Set(refs.map(hostOf).filter(Boolean))];
    const silence = await Promise.all(hosts.map(async (host) => [host, await registrySilent(host)]));
    const silent = new Set(silence.filter(([, quiet]) => quiet).map(([host]) => host));
    for (const host of silent)
        core/* warning */.$e(`cache: the registry ${host} does not answer; building without its cache`);
    return new Set(refs.filter((ref) => !silent.has(hostOf(ref))));
}
/** Registry cache: the legacy builder gets pulled images; BuildKit and buildx read the registry. */
async function registrySources(builder, allCaches, allExtra, retries) {
    const usable = await answering([...allCaches.flatMap((cache) => cache.read), ...allExtra]);
    const caches = allCaches.map((cache) => ({ ...cache, read: cache.read.filter((ref) => usable.has(ref)) }));
    const extra = allExtra.filter((ref) => usable.has(ref));
    if (builder !== 'legacy')
        return {
            cacheFrom: [...caches.flatMap((cache) => cache.read), ...extra],
            ids: Promise.resolve(new Map()),
        };
    const pulled = await Promise.all([
        ...caches.map((cache) => pullFirst(cache.read, retries)),
        ...extra.map((ref) => pullFirst([ref], retries)),
    ]);
    const refs = [...new Set(pulled.filter((ref) => ref !== undefined))];
    const ids = imageIds(refs);
    // awaited after the build; marked handled so that a failure waits for it
    ids.catch(() => undefined);
    return { cacheFrom: refs, ids };
}
/**
 * Whether a stage before the last may have a cache to read, asked only of BuildKit through buildx's
 * `docker` driver, where the stages may be built apart: the registry is asked for the earlier stages'
 * references in turn (one session per repository) up to the first it has, within 5 s; what it cannot
 * tell counts as yes.
 */
async function lookForEarlierCache(session, facts, logins) {
    if (facts.kind !== 'buildkit' || !facts.buildx)
        return true;
    const { caches, sources, extra, actions } = session;
    const extraRead = extra.filter((ref) => sources.cacheFrom.includes(ref));
    const question = earlierCacheQuestion(caches, sources.cacheFrom, extraRead, actions?.restored);
    if (typeof question === 'boolean')
        return question;
    const found = await answerWithin(firstManifest(question, logins));
    if ('reason' in found)
        core/* info */.pq(`cache: could not tell whether a stage has a cache image (${found.reason})`);
    return !('missing' in found);
}
/** Reads the Dockerfile's stages and brings this run's cache sources. */
async function readCache(settings, image, context, facts, logins) {
    const text = (0,external_node_fs_.readFileSync)(settings.file, 'utf8');
    const parsed = parseStages(text, settings.buildArgs, settings.target);
    const builder = facts.kind;
    let mode = settings.cache;
    if (mode === 'actions' && !(await actionsCacheAvailable(process.env, builder === 'buildx')))
        mode = 'none';
    const home = {
        repository: settings.cacheRepository ?? image,
        key: resolveCacheKey(settings.cacheKey, parsed, settings.target, settings.buildArgs, context),
    };
    const caches = stageCaches(home, context, parsed, builder);
    const session = {
        mode,
        builder,
        parsed,
        caches,
        sources: { cacheFrom: [], ids: Promise.resolve(new Map()) },
        extra: [],
        earlierCache: Promise.resolve(false),
    };
    // A build with --no-cache would not use what it read; it still writes a fresh cache.
    if (mode === 'none' || noCacheFlags(settings.noCache, context.event).noCache)
        return session;
    session.extra = settings.cacheFrom;
    if (mode === 'registry') {
        session.sources = await registrySources(builder, caches, settings.cacheFrom, settings.retries);
    }
    else {
        const keys = actionsCacheKeys(home.key ? `${home.repository.name}:${home.key}` : home.repository.name, text, context.branch, context.defaultBranch);
        const extra = await registrySources(builder, [], settings.cacheFrom, settings.retries);
        if (builder === 'buildx') {
            // buildx exports and imports its cache as a folder: it may not read images loaded into the daemon
            const { src } = buildxFolders();
            const restored = await restoreFolder(keys, src);
            session.actions = { keys, restored };
            session.sources = {
                cacheFrom: [...(restored ? [`type=local,src=${src}`] : []), ...extra.cacheFrom],
                ids: extra.ids,
            };
        }
        else {
            const restored = await restoreImages(keys);
            session.actions = { keys, restored: restored.key };
            session.sources = {
                cacheFrom: [...restored.ids.keys(), ...extra.cacheFrom],
                ids: extra.ids.then((ids) => new Map([...restored.ids, ...ids])),
            };
        }
    }
    core/* info */.pq(`cache: ${mode}, stages ${caches.map((cache) => cache.stage.key).join(', ')}; sources: ${session.sources.cacheFrom.join(', ') || 'none'}`);
    // asked while the build's facts settle; awaited by the build (a failure counts as yes)
    session.earlierCache = lookForEarlierCache(session, facts, logins).catch(() => true);
    return session;
}

;// CONCATENATED MODULE: ./lib/src/registry/push.js
// Push: only when the run may (`push` input, event) and the tests passed; transient registry failures
// are retried with backoff.






function pushPolicy(settings) {
    return { retries: settings.retries, deadline: Date.now() + settings.timeoutMs };
}
const PUSH_EVENTS = new Set([
    'push',
    'create',
    'release',
    'schedule',
    'workflow_dispatch',
    'repository_dispatch',
    'merge_group',
]);
/** Whether to push, and why, for the summary. */
function pushDecision(mode, event, testsPassed) {
    if (!testsPassed)
        return { push: false, why: 'the tests failed' };
    if (mode === 'false')
        return { push: false, why: 'push is false' };
    if (mode === 'true')
        return { push: true, why: 'push is true' };
    if (PUSH_EVENTS.has(event))
        return { push: true, why: `push is auto on a ${event} event` };
    return { push: false, why: `push is auto and this is a ${event} run` };
}
/** The digest `docker push` reports on its last line: `tag: digest: sha256:... size: N`. */
function parseDigest(output) {
    return /digest: (sha256:[0-9a-f]{64})/.exec(output)?.[1] ?? '';
}
async function pushOne(tag, policy) {
    const left = () => Math.max(1_000, policy.deadline - Date.now());
    const push = () => (0,exec/* run */.eF)(['docker', 'push', tag], { timeoutMs: left(), cancellable: true });
    const result = await (0,retry/* withRetries */.LH)(push, {
        retries: policy.retries,
        label: `push ${tag}`,
        until: policy.deadline,
    }).catch((error) => {
        throw error instanceof cancel/* CancelledError */.cc ? error : new Error(`push of ${tag}: ${(0,errors/* errorText */.kc)(error)}`);
    });
    core/* info */.pq(`pushed ${tag}`);
    return parseDigest(result.stdout);
}
/** Pushes tags at once, each with retries; the first digest reported. */
async function pushAtOnce(tags, policy) {
    const digests = await Promise.all(tags.map((tag) => pushOne(tag, policy)));
    return digests.find(Boolean) ?? '';
}
/**
 * Puts `tags` on the registry's manifest at `from` when it is the manifest of `imageId`
 * (tagInRegistry); else pushes them with docker, at once. The digest of what the tags point at.
 */
async function tagOrPush(from, tags, imageId, policy, logins) {
    if (tags.length === 0)
        return '';
    const tagged = await tagInRegistry(from, tags, imageId, logins);
    if ('digest' in tagged) {
        for (const tag of tags)
            core/* info */.pq(`pushed ${tag} (tagged in the registry)`);
        return tagged.digest;
    }
    core/* info */.pq(`push: not tagged in the registry (${tagged.reason}); docker push`);
    return pushAtOnce(tags, policy);
}
/**
 * Orders pushes into waves that run one after the other, the pushes of a wave at once: an image goes in
 * the wave after the last earlier image it shares a layer with that the registry may not have yet, so
 * no two pushes upload the same new layer at the same time. Layers in `pushed` are already there.
 */
function planPushWaves(images, pushed) {
    const waves = [];
    const waveOfLayer = new Map();
    for (const { ref, layers } of images) {
        const fresh = layers.filter((layer) => !pushed.has(layer));
        const wave = Math.max(-1, ...fresh.map((layer) => waveOfLayer.get(layer) ?? -1)) + 1;
        for (const layer of fresh)
            if (!waveOfLayer.has(layer))
                waveOfLayer.set(layer, wave);
        (waves[wave] ??= []).push(ref);
    }
    return waves;
}
/** The IDs and layers of local images, in the order asked. */
async function readLayers(refs) {
    if (refs.length === 0)
        return [];
    const format = '{{.Id}} {{json .RootFS.Layers}}';
    const result = await (0,exec/* run */.eF)(['docker', 'image', 'inspect', '--format', format, ...refs]);
    const lines = result.stdout.trim().split('\n');
    return refs.map((ref, index) => {
        const [id = '', layers = '[]'] = (lines[index] ?? '').split(' ');
        return { ref, id, layers: JSON.parse(layers) };
    });
}
/** What pushInWaves reads first: the layers of `refs` and then of `pushed`, if given. */
function readWaveLayers(refs, pushed) {
    return readLayers(pushed === undefined ? refs : [...refs, pushed.ref]);
}
/**
 * Pushes images in waves (planPushWaves). An image the registry has already (`pushed`, the image just
 * pushed under its first tag) is tagged in the registry rather than pushed, and its layers need no wave.
 * `read`: readWaveLayers of the same, started earlier.
 */
async function pushInWaves(refs, policy, pushed, read = readWaveLayers(refs, pushed)) {
    const images = [...(await read)];
    const done = new Set(pushed === undefined ? [] : (images.pop()?.layers ?? []));
    const same = pushed ? images.filter((image) => image.id === pushed.imageId) : [];
    const waves = planPushWaves(images.filter((image) => !same.includes(image)), done);
    await Promise.all([
        pushed &&
            tagOrPush(pushed.ref, same.map((image) => image.ref), pushed.imageId, policy, pushed.logins),
        (async () => {
            for (const wave of waves)
                await pushAtOnce(wave, policy);
        })(),
    ]);
}

;// CONCATENATED MODULE: ./lib/src/build/hits.js
const STEP = /^Step \d+\/\d+ : (\S+)/;
/** Legacy output: the steps of stage i run from its i-th FROM to the next; ARGs before the first FROM belong to none. */
function legacyStageHits(output, stages) {
    const rows = [];
    let current;
    let cachedNext = false;
    for (const raw of output.split(/\r?\n/)) {
        const line = raw.trim();
        const step = STEP.exec(line);
        if (step) {
            if (step[1]?.toUpperCase() === 'FROM') {
                current = { key: stages[rows.length]?.key ?? `stage-${rows.length}`, hits: 0, steps: 0, imageId: '' };
                rows.push(current);
            }
            else if (current) {
                current.steps++;
            }
            cachedNext = step[1]?.toUpperCase() !== 'FROM';
            continue;
        }
        if (!current)
            continue;
        if (line === '---> Using cache' && cachedNext) {
            current.hits++;
            cachedNext = false;
        }
        const id = /^---> ([0-9a-f]{12,64})$/.exec(line);
        if (id?.[1])
            current.imageId = id[1];
    }
    return rows;
}
/**
 * BuildKit output: vertices `#N [key i/n] INSTR ...` (`[i/n]` alone for a one-stage file; a bake's
 * `[target key i/n]`), each CACHED or not. `fallbackKey` names the stage of unlabelled vertices.
 */
function buildkitStageHits(output, fallbackKey) {
    const vertices = new Map();
    for (const raw of output.split(/\r?\n/)) {
        const line = raw.trim();
        const step = /^#(\d+) \[((?:\S+ )*)\d+\/\d+\] (\S+)/.exec(line);
        if (step?.[1] && step[3] && step[3].toUpperCase() !== 'FROM' && !vertices.has(step[1])) {
            const key = step[2]?.trim().split(' ').pop() || fallbackKey;
            vertices.set(step[1], { key, cached: false });
        }
        const cached = /^#(\d+) CACHED$/.exec(line);
        const vertex = cached?.[1] ? vertices.get(cached[1]) : undefined;
        if (vertex)
            vertex.cached = true;
    }
    const rows = new Map();
    for (const { key, cached } of vertices.values()) {
        const row = rows.get(key) ?? { key, hits: 0, steps: 0, imageId: '' };
        row.steps++;
        if (cached)
            row.hits++;
        rows.set(key, row);
    }
    return [...rows.values()];
}
/**
 * Cache references BuildKit tried and did not find: `importing cache manifest from R` then
 * `#4 ERROR: R: not found` (BuildKit of Docker 20.10), or `#4 ERROR: failed to configure registry cache
 * importer: R: not found` (buildx).
 */
function missingCacheRefs(output) {
    const missing = new Set();
    for (const match of output.matchAll(/^#\d+ ERROR: (?:failed to configure registry cache importer: )?(\S+): not found$/gm))
        if (match[1])
            missing.add(match[1]);
    return missing;
}
/** The per-stage rows for the stages berth reports, in Dockerfile order, zero rows for stages not printed. */
function stageHits(builder, output, stages, reported) {
    const last = stages[reported[reported.length - 1] ?? 0];
    const rows = builder === 'legacy'
        ? legacyStageHits(output, stages)
        : buildkitStageHits(output, last?.key ?? 'stage-0');
    return reported.map((index) => {
        const key = stages[index]?.key ?? `stage-${index}`;
        return rows.find((row) => row.key === key) ?? { key, hits: 0, steps: 0, imageId: '' };
    });
}
/**
 * Why buildx's cache export failed, from its output: the `ERROR:` line of the `exporting cache (to
 * registry)` vertex (the export is given `ignore-error=true`, so the build goes on); undefined when none.
 */
function cacheExportError(output) {
    const vertex = /^#(\d+) exporting cache(?: to registry)?$/m.exec(output)?.[1];
    if (!vertex)
        return undefined;
    return new RegExp(`^#${vertex} ERROR: (.+)$`, 'm').exec(output)?.[1];
}

;// CONCATENATED MODULE: ./lib/src/build/image-build.js
// Build: one `docker build` with every cache reference, tagged with every tag, its ID read from a file.






/**
 * The legacy builder keeps its default `--rm`: the daemon removes each step's intermediate container
 * itself, and when it cannot (btrfs daemons that fail to remove a root file system) it prints
 * "Removing intermediate container ..." with the error and the build goes on. `--rm=false` would leave
 * every intermediate container behind on every daemon, and `--force-rm` only adds removals after
 * failed steps; neither makes the build depend less on removal. BuildKit uses no containers.
 */
function planBuild(request) {
    const argv = request.builder === 'buildx' ? ['docker', 'buildx', 'build'] : ['docker', 'build'];
    if (request.builder === 'buildx' && request.load !== false)
        argv.push('--load');
    const env = {};
    if (request.builder === 'buildkit')
        env.DOCKER_BUILDKIT = '1';
    if (request.builder === 'legacy')
        env.DOCKER_BUILDKIT = '0';
    if (request.builder !== 'legacy')
        argv.push('--progress', 'plain', '--build-arg', 'BUILDKIT_INLINE_CACHE=1');
    argv.push('--file', request.file, '--iidfile', request.iidFile);
    if (request.target)
        argv.push('--target', request.target);
    if (request.noCache)
        argv.push('--no-cache');
    if (request.pull)
        argv.push('--pull');
    for (const { key, value } of request.buildArgs) {
        argv.push('--build-arg', key);
        env[key] = value;
    }
    // the legacy builder would add a LABEL step to every stage: labelled() puts them on the image alone
    if (request.builder !== 'legacy')
        argv.push(...labelArgs(request.labels ?? {}));
    for (const tag of request.tags)
        argv.push('--tag', tag);
    for (const ref of request.cacheFrom)
        argv.push('--cache-from', ref);
    for (const ref of request.cacheTo ?? [])
        argv.push('--cache-to', ref);
    argv.push(request.context);
    return { argv, env };
}
function labelArgs(labels) {
    return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}
/**
 * The legacy builder's labels: a build of `FROM <image>` alone (the Dockerfile on stdin, no context)
 * with `--label`, tagged with every tag. Given with the main build's `--label`, the legacy builder adds
 * a LABEL step to every stage, and a label that changes with each commit (`revision`, `created`) would
 * make every stage miss the cache and every stage cache image change.
 */
function planLabelled(imageId, labels, tags, iidFile, cacheFrom = []) {
    const argv = ['docker', 'build', '--iidfile', iidFile, ...labelArgs(labels)];
    // the final stage's cache image is the labelled image of an earlier run: the same labels hit it
    for (const ref of cacheFrom)
        argv.push('--cache-from', ref);
    for (const tag of tags)
        argv.push('--tag', tag);
    return { argv: [...argv, '-'], env: { DOCKER_BUILDKIT: '0' }, stdin: `FROM ${imageId}\n` };
}
/** Runs planLabelled: the ID of the labelled image. */
async function labelled(imageId, labels, tags, cacheFrom) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join((0,external_node_os_.tmpdir)(), 'berth-build-'));
    try {
        const plan = planLabelled(imageId, labels, tags, external_node_path_.join(dir, 'iid'), cacheFrom);
        await (0,exec/* run */.eF)(plan.argv, { env: plan.env, stdin: plan.stdin, cancellable: true });
        return (0,external_node_fs_.readFileSync)(external_node_path_.join(dir, 'iid'), 'utf8').trim();
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
/**
 * Runs a build; its output streams to the log unless `quiet` (a stage cache image made from the local
 * cache beside the tests, whose output would only interleave with theirs; a failure still shows its tail).
 */
async function build(request, { quiet = false } = {}) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join((0,external_node_os_.tmpdir)(), 'berth-build-'));
    try {
        const plan = planBuild({ ...request, iidFile: external_node_path_.join(dir, 'iid') });
        const result = await (0,exec/* run */.eF)(plan.argv, {
            env: plan.env,
            stream: !quiet,
            untrustedOutput: true,
            cancellable: true,
        });
        const output = `${result.stdout}\n${result.stderr}`;
        const iid = external_node_path_.join(dir, 'iid');
        // a buildx cache export that loads nothing may write no ID
        const imageId = (0,external_node_fs_.existsSync)(iid) ? (0,external_node_fs_.readFileSync)(iid, 'utf8').trim() : '';
        return { imageId, output };
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
/** The one build the tests use, with every cache source; per-stage rows read from its output. */
async function buildWithCache(request, parsed, caches, sources, extra) {
    const built = await build({ ...request, cacheFrom: cacheFromArgs(request.builder, sources.cacheFrom) });
    const labels = request.labels ?? {};
    if (request.builder === 'legacy' && built.imageId && Object.keys(labels).length > 0)
        built.imageId = await labelled(built.imageId, labels, request.tags, sources.cacheFrom);
    const ids = await sources.ids;
    const missing = missingCacheRefs(built.output);
    const found = (ref) => request.builder === 'legacy' || ids.size > 0
        ? ids.has(ref)
        : sources.cacheFrom.includes(ref) && !missing.has(ref);
    const rows = stageHits(request.builder, built.output, parsed.stages, caches.map((cache) => cache.stage.index));
    return { ...built, rows: creditHits(caches, rows, found, extra) };
}
/** The summary section: per stage, the reference that served it and its steps from cache. */
function cacheSection(built) {
    return { heading: 'Build cache', rows: cacheTable(built.rows) };
}

;// CONCATENATED MODULE: ./lib/src/build/waves.js
// Stages built apart, in waves, where one build's inline caches shadow each other: buildx's `docker`
// driver on the classic image store (engine 23 and later). Given every stage's inline-cache image in
// one build, its BuildKit lets the records of a later stage's image (which name the earlier stages'
// steps without their layers) shadow the earlier stages' own images: measured on engine 28, a code
// change took 0 of 10 steps from the cache, and which steps hit changed from run to run (a `bake` of
// one target per stage, linked by `target:` contexts, shadowed the same way). Built one stage at a time,
// each with its own cache image alone, every unchanged stage hits, and the local build cache carries
// each stage into the next. The stages of a wave need only stages of earlier waves, so they build
// together, as one bake of a target each (planBake); each stage build leaves its cache image tagged,
// ready to push.







/**
 * The stages in waves: a stage goes in the wave after the last of the stages it needs. Only `indexes`
 * (the stages the target needs) are placed; the order inside a wave is the Dockerfile's.
 */
function stageWaves(parsed, indexes) {
    const wanted = new Set(indexes);
    const level = new Map();
    for (const index of [...indexes].sort((a, b) => a - b)) {
        const needs = parsed.stages[index]?.needs.filter((need) => wanted.has(need)) ?? [];
        level.set(index, Math.max(-1, ...needs.map((need) => level.get(need) ?? 0)) + 1);
    }
    const waves = [];
    for (const [index, wave] of [...level].sort((a, b) => a[0] - b[0]))
        (waves[wave] ??= []).push(index);
    return waves.filter((wave) => wave.length > 0);
}
/**
 * Whether the stages are built apart: BuildKit through buildx's `docker` driver (inline caches only),
 * more than one stage, and a name on every stage before the last (`--target` takes a name). A build
 * that reads no cache (`--no-cache`, `cache: none`: `noCache`) stays one build.
 */
function buildsApart(facts, caches, noCache) {
    if (facts.kind !== 'buildkit' || !facts.buildx || noCache || caches.length < 2)
        return false;
    return caches.slice(0, -1).every((cache) => cache.stage.name !== '');
}
/** The row of `index` from the output of the build that targeted it. */
function rowOf(output, parsed, index) {
    const [row] = stageHits('buildkit', output, parsed.stages, [index]);
    return row ?? { key: parsed.stages[index]?.key ?? `stage-${index}`, hits: 0, steps: 0, imageId: '' };
}
/**
 * A wave of several stages as one `docker buildx bake`: one target per stage, each a solve of its own
 * with its own cache image alone, so they shadow each other no more than separate builds would. Seven
 * stages took 0.9 s as one bake and 2.6 s as seven builds side by side (engine 28, 2 busy cores). The
 * definition goes on stdin (build-arg values stay out of argv); the context is read without bake's
 * file-system entitlement check, as `docker build` reads it.
 */
function planBake(request, stages) {
    const args = Object.fromEntries([
        ['BUILDKIT_INLINE_CACHE', '1'],
        ...request.buildArgs.map(({ key, value }) => [key, literal(value)]),
    ]);
    const labels = Object.fromEntries(Object.entries(request.labels ?? {}).map(([key, value]) => [key, literal(value)]));
    // keys bake accepts ([a-zA-Z0-9_-]); a stage's name may have a dot
    const targets = Object.fromEntries(stages.map((stage, index) => [
        `s${index}`,
        {
            context: request.context,
            dockerfile: request.file,
            target: stage.target,
            tags: [stage.tag],
            'cache-from': stage.cacheFrom,
            args,
            labels,
        },
    ]));
    const definition = {
        group: { default: { targets: Object.keys(targets) } },
        target: targets,
    };
    return {
        argv: ['docker', 'buildx', 'bake', '--file', '-', '--progress', 'plain'],
        env: { BUILDX_BAKE_ENTITLEMENTS_FS: '0' },
        stdin: JSON.stringify(definition),
    };
}
/**
 * A value as bake reads it: bake decodes its JSON as HCL, where `${...}` and `%{...}` in a string are
 * templates; doubled, they stand for themselves, so the stages get the very values the last stage does.
 */
function literal(value) {
    return value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
}
/** The stages as plain builds side by side, their output not streamed (it would interleave). */
function buildEach(request, stages) {
    return Promise.all(stages.map((stage) => build({ ...request, target: stage.target, tags: [stage.tag], cacheFrom: stage.cacheFrom }, { quiet: true })));
}
/**
 * Runs planBake; its output (streamed to the log unless `quiet`). When bake fails before it builds (a
 * buildx that cannot read the definition), the stages build side by side as plain builds; a build that
 * fails fails the run.
 */
async function bakeWave(request, stages, { quiet = false } = {}) {
    const plan = planBake(request, stages);
    try {
        const result = await (0,exec/* run */.eF)(plan.argv, {
            env: plan.env,
            stdin: plan.stdin,
            stream: !quiet,
            untrustedOutput: true,
            cancellable: true,
        });
        return `${result.stdout}\n${result.stderr}`;
    }
    catch (error) {
        // a vertex after #1 (the definition) means bake built, and the failure is the build's
        if (error instanceof cancel/* CancelledError */.cc || /^#(?:[2-9]|\d{2,}) /m.test((0,errors/* errorText */.kc)(error)))
            throw error;
        core/* info */.pq(`build: bake failed (${(0,errors/* errorText */.kc)(error)}); building the stages one by one`);
        const results = await buildEach(request, stages);
        if (!quiet)
            for (const [index, result] of results.entries())
                core/* info */.pq(`stage ${stages[index]?.target ?? ''}:\n${result.output.trim()}`);
        return results.map((result) => result.output).join('\n');
    }
}
/**
 * Builds every stage before the last as its own target, wave after wave, each with its own cache image
 * and `cache-from` alone (and tagged with the reference its cache image goes to, when the run writes
 * one), then the last stage the same way: one row per stage, from the build that targeted it.
 */
async function buildInWaves(request, parsed, caches, sources, extra) {
    const available = (refs) => cacheFromArgs('buildkit', refs.filter((ref) => sources.cacheFrom.includes(ref)));
    const last = caches[caches.length - 1];
    const byIndex = new Map(caches.map((cache) => [cache.stage.index, cache]));
    const outputs = new Map();
    const earlier = caches.slice(0, -1).map((cache) => cache.stage.index);
    for (const wave of stageWaves(parsed, earlier)) {
        const stages = wave.map((index) => byIndex.get(index));
        if (stages.length > 1 && stages.every((cache) => cache.write)) {
            const output = await bakeWave(request, stages.map((cache) => ({
                target: cache.stage.name,
                tag: cache.write,
                cacheFrom: available([...cache.read, ...extra]),
            })));
            for (const cache of stages)
                outputs.set(cache.stage.index, { imageId: '', output });
            continue;
        }
        // without a tag to give every stage, side by side: each build's output shown once it is done
        const quiet = stages.length > 1;
        await Promise.all(stages.map(async (cache) => {
            const stage = {
                ...request,
                target: cache.stage.name,
                tags: cache.write ? [cache.write] : [],
                cacheFrom: available([...cache.read, ...extra]),
            };
            const result = await build(stage, { quiet });
            if (quiet)
                core/* info */.pq(`stage ${cache.stage.key}:\n${result.output.trim()}`);
            outputs.set(cache.stage.index, result);
        }));
    }
    const final = await build({ ...request, cacheFrom: available([...last.read, ...extra]) });
    outputs.set(last.stage.index, final);
    const rows = caches.map((cache) => rowOf(outputs.get(cache.stage.index)?.output ?? '', parsed, cache.stage.index));
    const output = [...new Set([...outputs.values()].map((result) => result.output))].join('\n');
    const missing = missingCacheRefs(output);
    const found = (ref) => sources.cacheFrom.includes(ref) && !missing.has(ref);
    const tagged = new Set(caches.slice(0, -1).flatMap((cache) => (cache.write ? [cache.write] : [])));
    return { imageId: final.imageId, output, rows: creditHits(caches, rows, found, extra), tagged };
}

;// CONCATENATED MODULE: ./lib/src/build/cache-write.js
// Cache, write side: once the build is done, each changed stage gets its cache image under this
// branch's reference (tagged, or built from the local cache as its own target) while the tests run;
// when they pass, the images are pushed in waves, exported by buildx, or saved to the Actions cache.










/**
 * Gives each changed stage its cache image under the write reference: the final image itself, the
 * legacy builder's stage image by ID, or (BuildKit) a build of the stage as its own target, served by
 * the local cache the first build left. Returns the references to push.
 */
async function tagChangedStages(request, caches, built, sources, bake) {
    const missing = missingCacheRefs(built.output);
    const ids = await sources.ids;
    const last = caches[caches.length - 1]?.stage.index;
    const changed = caches.flatMap((cache, index) => {
        const stageRow = built.rows[index];
        if (!stageRow || !cache.write)
            return [];
        // the final stage's cache image is the image itself (with its labels, which the legacy builder puts on after)
        const row = cache.stage.index === last ? { ...stageRow, imageId: built.imageId.replace(/^sha256:/, '') } : stageRow;
        const existing = ids.get(cache.write) ??
            (sources.cacheFrom.includes(cache.write) && !missing.has(cache.write) ? '' : undefined);
        if (needsPush(request.builder, cache, row, existing))
            return [{ cache, row, write: cache.write }];
        core/* info */.pq(`cache: ${cache.write} unchanged, not pushed again`);
        return [];
    });
    // All at once: tags are instant, and BuildKit serves each stage build from the local cache.
    const tags = [];
    const builds = [];
    for (const { cache, row, write } of changed) {
        if (cache.stage.index === last)
            tags.push((0,exec/* run */.eF)(['docker', 'tag', built.imageId, write]));
        else if (request.builder === 'legacy' && row.imageId)
            tags.push((0,exec/* run */.eF)(['docker', 'tag', row.imageId, write]));
        else if (!built.tagged?.has(write))
            builds.push({ target: cache.stage.key, tag: write, cacheFrom: [] });
    }
    await Promise.all([...tags, buildStageImages(request, builds, bake)]);
    return changed.map(({ write }) => write);
}
/**
 * Builds stage images from the local cache, each stage as its own target: one bake with buildx (seven
 * stages took 0.9 s as one bake and 2.6 s as seven builds side by side, waves.ts), else side by side.
 */
async function buildStageImages(request, stages, bake) {
    const fresh = { ...request, noCache: false, pull: false };
    return bake && stages.length > 1 ? bakeWave(fresh, stages, { quiet: true }) : buildEach(fresh, stages);
}
/** buildx: one export of every stage's cache (mode=max) to this branch's reference, served by the local cache. */
async function exportBuildxCache(request, sources, cacheTo) {
    const exportOnce = () => build({
        ...request,
        tags: [],
        load: false,
        cacheFrom: cacheFromArgs('buildx', sources.cacheFrom),
        cacheTo: [cacheTo],
    });
    // on the containerd store the export now and then reads a layer blob the store no longer holds
    // ("error writing layer blob ... not found", seen now and then in the CI scenarios of ten stages):
    // one more try, then a warning from writeCache
    await exportOnce().catch(async (error) => {
        if (!/not found/i.test((0,errors/* errorText */.kc)(error)))
            throw error;
        core/* info */.pq(`cache: the export lost a layer (${(0,errors/* errorText */.kc)(error)}); exporting again`);
        await exportOnce();
    });
}
/**
 * buildx keeps every stage in one registry cache: exported again only when a step missed the cache or
 * this branch had none yet. The reference to export, if any.
 */
function buildxCacheChanged(session, built) {
    const write = session.caches[0]?.write;
    if (!write)
        return [];
    const failed = cacheExportError(built.output);
    if (failed)
        throw new Error(`the build's export of ${write} failed: ${failed}`);
    const found = session.actions
        ? session.actions.restored !== ''
        : session.sources.cacheFrom.includes(write) && !missingCacheRefs(built.output).has(write);
    if (found && built.rows.every((row) => row.hits === row.steps)) {
        core/* info */.pq(`cache: ${write} unchanged, not exported again`);
        return [];
    }
    return [write];
}
/**
 * Gives each changed stage its cache image under its write reference (BuildKit builds the stage as its
 * own target, served by the local cache): the references to write. buildx writes all stages at once.
 */
async function stageCacheImages(session, request, built, bake) {
    if (session.mode === 'none')
        return [];
    if (request.builder === 'buildx')
        return buildxCacheChanged(session, built);
    return tagChangedStages(request, session.caches, built, session.sources, bake);
}
/**
 * Writes them: pushed to the registry (buildx: one cache export), or saved to the Actions cache.
 * `pushed`: an image the registry has already (pushInWaves tags it there rather than pushing it);
 * `read`: pushInWaves' reading of the layers, started earlier. Never throws: a cache that cannot be
 * written is a warning, and the image is pushed all the same.
 */
async function writeCache(session, request, ready, policy, pushed, read) {
    const { refs } = ready;
    const [first] = refs;
    if (!first)
        return ready;
    try {
        if (request.builder === 'buildx' && session.mode === 'registry') {
            // exported by the build itself (buildCacheTo), else by a build of its own
            if (!request.cacheTo?.length)
                await exportBuildxCache(request, session.sources, buildxCacheTo(first));
        }
        else if (request.builder === 'buildx' && session.actions) {
            const { src, dest } = buildxFolders();
            (0,external_node_fs_.rmSync)(dest, { recursive: true, force: true });
            await exportBuildxCache(request, session.sources, `type=local,dest=${dest},mode=max`);
            await saveFolder(session.actions.keys, dest, src, session.actions.restored);
        }
        else if (session.mode === 'registry') {
            await pushInWaves(refs, policy, pushed, read);
        }
        else if (session.actions) {
            const all = session.caches.flatMap((cache) => (cache.write ? [cache.write] : []));
            await saveImages(session.actions.keys, all, session.actions.restored);
        }
        return { refs };
    }
    catch (error) {
        const failure = (0,errors/* errorText */.kc)(error);
        core/* warning */.$e(`cache: the stage cache was not written (${failure}); the image is not affected`);
        return { refs: [], failure };
    }
}
/**
 * Starts making the stage cache images ready (`bake`: buildx can build several stages in one bake);
 * awaited when the tests pass, and by the checks either way. Never rejects: a failure is a warning, and
 * no cache image is written.
 */
function prepareCache(session, request, built, bake) {
    const ready = stageCacheImages(session, request, built, bake).then((refs) => ({ refs }), (error) => {
        const failure = (0,errors/* errorText */.kc)(error);
        core/* warning */.$e(`cache: the stage cache images could not be made (${failure}); none is written`);
        return { refs: [], failure };
    });
    return { session, request, ready };
}
/** Whether the build the tests use exported the cache itself (buildx, `--cache-to`), tests or not. */
function exportedByBuild(cache) {
    return cache.request.builder === 'buildx' && (cache.request.cacheTo?.length ?? 0) > 0;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/@balena/dockerignore/ignore.js
var ignore = __webpack_require__(4158);
;// CONCATENATED MODULE: ./lib/src/build/tree-key.js
// The tree key: a digest of everything a build of this commit reads, so that a commit whose tree was
// already built, tested and pushed (a re-run, a fast-forward merge, a merge queue's commit, a change
// to files the build never sees) is not built again. It covers the files of the context as
// `.dockerignore` selects them (path, kind, executable bit, content), the Dockerfile, the target, the
// build args and the references of the base images. A base image's reference, not its digest: a tag
// that moves is picked up by the scheduled rebuilds (`no-cache: auto`), which always build.
//
// The key is recorded as a tag of the image's own repository, `tree-<key>`, put on the tested manifest
// once the tests passed and the image was pushed. A tag rather than a label: a label is in the image
// before its tests run, so it cannot say "tested"; a tag is found with one manifest request without
// knowing which image to look at, and costs no upload (one PUT of a manifest the registry has).
// .dockerignore's rules are Docker's own (`**`, `!` exceptions): @balena/dockerignore implements
// them as the Docker CLI and BuildKit do.










/** The tag that records a tested tree. */
const treeTag = (key) => `tree-${key}`;
/** The `.dockerignore` rules of a context (BuildKit also reads `<Dockerfile>.dockerignore` first). */
async function ignoreRules(inputs) {
    for (const name of [`${inputs.file}.dockerignore`, external_node_path_.join(inputs.context, '.dockerignore')]) {
        const text = await (0,promises_.readFile)(name, 'utf8').catch(() => undefined);
        if (text !== undefined)
            return text
                .split(/\r?\n/)
                .map((line) => line.trim())
                .filter((line) => line && !line.startsWith('#'));
    }
    return [];
}
/** The context's files the build can see, relative with `/`, sorted; directories left out whole when no rule can bring a file back. */
async function contextFiles(context, rules) {
    // a CommonJS module whose function is also its own `default`, the name its types give it
    const matcher = ignore["default"]().add([...rules]);
    const exceptions = rules.some((rule) => rule.startsWith('!'));
    const found = [];
    const walk = async (dir) => {
        const entries = await (0,promises_.readdir)(external_node_path_.join(context, dir), { withFileTypes: true });
        for (const entry of entries) {
            const relative = dir ? `${dir}/${entry.name}` : entry.name;
            const ignored = matcher.ignores(relative);
            if (entry.isDirectory()) {
                if (!ignored || exceptions)
                    await walk(relative);
            }
            else if (!ignored) {
                found.push(relative);
            }
        }
    };
    await walk('');
    return found.sort();
}
function fileDigest(file) {
    return new Promise((resolve, reject) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        (0,external_node_fs_.createReadStream)(file)
            .on('data', (chunk) => hash.update(chunk))
            .on('end', () => resolve(hash.digest('hex')))
            .on('error', reject);
    });
}
/** The base images the target's stages start from (not other stages), in stage order. */
function baseReferences(parsed) {
    const names = new Set(parsed.stages.flatMap((stage) => [stage.name, String(stage.index)]));
    return parsed.needed
        .map((index) => parsed.stages[index]?.base ?? '')
        .filter((base) => base && !names.has(base.toLowerCase()));
}
/** The key of what a build of `inputs` reads: 64 hex digits. */
async function treeKey(inputs, parsed) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update('berth tree 1\n');
    const line = (...parts) => void hash.update(`${parts.join('\0')}\n`);
    line('dockerfile', await fileDigest(inputs.file));
    line('target', inputs.target);
    for (const { key, value } of [...inputs.buildArgs].sort((a, b) => a.key.localeCompare(b.key)))
        line('arg', key, value);
    for (const base of baseReferences(parsed))
        line('base', base);
    for (const relative of await contextFiles(inputs.context, await ignoreRules(inputs))) {
        const file = external_node_path_.join(inputs.context, relative);
        const stat = await (0,promises_.lstat)(file);
        if (stat.isSymbolicLink())
            line('link', relative, await (0,promises_.readlink)(file));
        else if (stat.isFile())
            line('file', relative, String(stat.mode & 0o111 ? 1 : 0), await fileDigest(file));
    }
    return hash.digest('hex');
}
/**
 * The tree key of this build and, unless a rebuild is asked for (`tested-tree: build`, `no-cache`, a
 * scheduled run with `no-cache: auto`), the tested image of the same tree in the registry. The run's
 * context is awaited only once the key is made: the key is hashed while git is asked for it.
 */
async function findTestedTree(settings, image, context, logins, env = process.env) {
    const parsed = parseStages(await (0,promises_.readFile)(settings.file, 'utf8'), settings.buildArgs, settings.target);
    const key = await treeKey(settings, parsed);
    const reference = `${image.name}:${treeTag(key)}`;
    if (settings.testedTree === 'build')
        return { key };
    if (noCacheFlags(settings.noCache, (await context).event).noCache)
        return { key };
    const found = await answerWithin(findManifest(reference, logins, env));
    if ('reason' in found)
        core/* info */.pq(`tested tree: could not look for ${reference} (${found.reason}); building`);
    if (!('digest' in found))
        return { key };
    const why = `this tree (key ${key.slice(0, 12)}) was built, tested and pushed before as ${reference}: pulled, not built again`;
    return { key, reuse: { reference, why } };
}
/** Records a tested, pushed image as its tree's: the tag `tree-<key>` on the manifest `digest`. */
async function recordTestedTree(image, key, pushed, logins) {
    const tag = `${image.name}:${treeTag(key)}`;
    const tagged = await tagInRegistry(`${image.name}@${pushed.digest}`, [tag], pushed.imageId, logins);
    if ('reason' in tagged)
        core/* warning */.$e(`tested tree: ${tag} not recorded (${tagged.reason}): the next run of this tree builds it`);
    else
        core/* info */.pq(`tested tree: recorded as ${tag}`);
}

;// CONCATENATED MODULE: ./lib/src/build/labels.js
const OCI = 'org.opencontainers.image';
/** The labels of a run's image, by key, empty values left out; `extra` last, so it wins. */
function imageLabels(context, version, extra) {
    const { source } = context;
    const computed = [
        [`${OCI}.source`, source.url],
        [`${OCI}.url`, source.url],
        [`${OCI}.revision`, context.sha],
        [`${OCI}.version`, version],
        [`${OCI}.title`, source.title],
        [`${OCI}.licenses`, source.license],
        [`${OCI}.created`, source.created],
    ];
    const labels = Object.fromEntries(computed.filter(([, value]) => value));
    for (const { key, value } of extra)
        labels[key] = value;
    return labels;
}

;// CONCATENATED MODULE: ./lib/src/detect/endpoint.js
// Where the daemon is: the candidate endpoints in the order berth tries them, each with the TLS
// settings it needs. Pure: environment variables and a file view in, candidates out; findDaemon
// (environment.ts) pings them in turn.



const DEFAULT_SOCKET = '/var/run/docker.sock';
const TLS_FILES = ['ca.pem', 'cert.pem', 'key.pem'];
function missingTlsFiles(dir, files) {
    return TLS_FILES.filter((name) => !files.nonEmpty(external_node_path_.join(dir, name)));
}
/**
 * `DOCKER_HOST` (or the input) with the TLS settings the Docker CLI would take from the environment;
 * TLS applies to TCP endpoints only, never to a socket or ssh.
 */
function explicit(host, source, env, files, skipped) {
    const tcp = !/^(unix|npipe|ssh):\/\//.test(host);
    if (!tcp || !env.DOCKER_TLS_VERIFY || env.DOCKER_TLS_VERIFY === '0')
        return [{ host, source, certPath: undefined }];
    const certPath = env.DOCKER_CERT_PATH || external_node_path_.join((0,docker_cli/* home */.iR)(env), '.docker');
    const missing = missingTlsFiles(certPath, files);
    if (missing.length === 0)
        return [{ host, source, certPath }];
    skipped.push(`${source} ${host}: DOCKER_TLS_VERIFY is set but ${certPath} lacks ${missing.join(', ')} (or they are empty)`);
    return [];
}
/** The directory of a context in the CLI's store: the sha256 of its name. */
function contextDir(name) {
    return (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex');
}
function fromContext(env, files, skipped) {
    const config = (0,docker_cli/* dockerConfigDir */.kG)(env);
    let name = env.DOCKER_CONTEXT ?? '';
    if (!name) {
        const read = (0,docker_cli/* readDockerConfig */.TO)(env, files);
        if ('invalid' in read)
            skipped.push(read.invalid);
        else
            name = read.currentContext ?? '';
    }
    if (!name || name === 'default')
        return [];
    const id = contextDir(name);
    const metaFile = external_node_path_.join(config, 'contexts', 'meta', id, 'meta.json');
    let meta = {};
    try {
        meta = JSON.parse(files.read(metaFile) ?? '{}');
    }
    catch {
        skipped.push(`context ${name}: ${metaFile} is not valid JSON`);
        return [];
    }
    const host = meta.Endpoints?.docker?.Host;
    if (!host) {
        skipped.push(`context ${name}: no docker endpoint in ${metaFile}`);
        return [];
    }
    const tlsDir = external_node_path_.join(config, 'contexts', 'tls', id, 'docker');
    const certPath = missingTlsFiles(tlsDir, files).length === 0 ? tlsDir : undefined;
    return [{ host, source: `context ${name}`, certPath }];
}
/**
 * What the official docker image's entrypoint infers when no socket is there: the `docker` service of
 * a GitLab dind job, on 2376 with TLS when the client certificates are present, else on 2375. Tried
 * only where a dind service is plausible (GitLab, or a TLS cert dir configured or present), so that a
 * laptop with no daemon is not sent looking for a host called `docker`.
 */
function dind(env, files) {
    const certDir = env.DOCKER_TLS_CERTDIR ?? '/certs';
    const clientDir = certDir ? external_node_path_.join(certDir, 'client') : '';
    const tls = clientDir !== '' && missingTlsFiles(clientDir, files).length === 0;
    if (tls)
        return [{ host: 'tcp://docker:2376', source: 'dind (TLS)', certPath: clientDir }];
    if (env.GITLAB_CI || env.DOCKER_TLS_CERTDIR !== undefined)
        return [{ host: 'tcp://docker:2375', source: 'dind', certPath: undefined }];
    return [];
}
function sockets(env) {
    const runtime = env.XDG_RUNTIME_DIR;
    const user = (0,docker_cli/* home */.iR)(env);
    return [
        [DEFAULT_SOCKET, 'default socket'],
        ...(runtime ? [[external_node_path_.join(runtime, 'docker.sock'), 'rootless socket']] : []),
        [external_node_path_.join(user, '.docker/run/docker.sock'), 'Docker Desktop socket'],
        [external_node_path_.join(user, '.docker/desktop/docker.sock'), 'Docker Desktop socket'],
        [external_node_path_.join(user, '.colima/default/docker.sock'), 'Colima socket'],
        [external_node_path_.join(user, '.colima/docker.sock'), 'Colima socket'],
        [external_node_path_.join(user, '.rd/docker.sock'), 'Rancher Desktop socket'],
        ['/run/podman/podman.sock', 'Podman socket'],
        ...(runtime ? [[external_node_path_.join(runtime, 'podman/podman.sock'), 'Podman socket']] : []),
    ];
}
/**
 * The endpoints to try, in order: the `docker-host` input, DOCKER_HOST (with DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH), the current docker context, the dind inference when no socket exists, then the
 * sockets that exist: default, rootless, Desktop, Colima, Rancher Desktop, Podman. As in the Docker
 * CLI, a set DOCKER_HOST wins over DOCKER_CONTEXT; as in the docker image's entrypoint, dind is
 * inferred only when DOCKER_HOST is unset and no socket exists.
 */
function endpoint_endpointCandidates(env, files, input) {
    const skipped = [];
    const candidates = [];
    if (input)
        candidates.push(...explicit(input, 'docker-host input', env, files, skipped));
    if (env.DOCKER_HOST)
        candidates.push(...explicit(env.DOCKER_HOST, 'DOCKER_HOST', env, files, skipped));
    else
        candidates.push(...fromContext(env, files, skipped));
    const present = sockets(env).filter(([socket]) => files.isSocket(socket));
    const socket = present.some(([, source]) => source === 'default socket' || source === 'rootless socket');
    if (!env.DOCKER_HOST && !socket)
        candidates.push(...dind(env, files));
    for (const [socket, source] of present)
        candidates.push({ host: `unix://${socket}`, source, certPath: undefined });
    const seen = new Set();
    return { candidates: candidates.filter((c) => !seen.has(c.host) && Boolean(seen.add(c.host))), skipped };
}
/** The variables a docker client needs to reach an endpoint; empty values switch TLS off. */
function endpoint_endpointVariables(endpoint) {
    return endpoint.certPath
        ? { DOCKER_HOST: endpoint.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: endpoint.certPath }
        : { DOCKER_HOST: endpoint.host, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' };
}
/**
 * What berth must export for later steps: the variables it resolved itself. Nothing when the job's own
 * environment already says the same (an empty value and an unset one say the same).
 */
function variablesToExport(endpoint, env) {
    return Object.fromEntries(Object.entries(endpoint_endpointVariables(endpoint)).filter(([name, value]) => (env[name] ?? '') !== value));
}

// EXTERNAL MODULE: ./lib/src/core/spawn.js
var spawn = __webpack_require__(4967);
;// CONCATENATED MODULE: ./lib/src/detect/early.js
// The main step's first questions, asked before its code loads: loading the chunks takes 0.1 to 0.3 s
// of a core, and meanwhile the first endpoint candidate answers the ping, the client names its buildx
// builder and the daemon says what it is (`docker info`: the image store the builder choice needs,
// detect/builder.ts, and the facts of the daemon checks, detect/facts.ts, asked once for both). Only a
// build waits for the last two, so they are asked at a lower priority (spawn.ts). Detection
// takes an early answer only for the very command it would run, with the same endpoint variables and
// PATH; main forgets them all when setup installed or started anything.
// No package here (see index.ts).





const PING = ['docker', 'version', '--format', '{{json .}}'];
const PING_TIMEOUT_MS = 5_000;
const BUILDX_INSPECT = ['docker', 'buildx', 'inspect'];
/** Every `docker info` costs the same (the client asks each of its plugins for its metadata): one, whole. */
const INFO = ['docker', 'info', '--format', '{{json .}}'];
const QUESTION_TIMEOUT_MS = 10_000;
const asked = [];
const keyOf = (argv, env) => JSON.stringify([argv, env, process.env.PATH ?? '']);
function ask(argv, env, timeoutMs, background) {
    const [command = '', ...args] = argv;
    // the debug line exec.ts writes for every command, written as the runner reads it: no package yet
    process.stdout.write(`::debug::run: ${argv.join(' ')} (asked while the step loads)\n`);
    asked.push({ key: keyOf(argv, env), result: spawnCollect(command, args, { env, timeoutMs, background }) });
}
/**
 * Whether buildx, if the client has it, can only use its default builder: no BUILDX_BUILDER, no context
 * but the default one, and no builder chosen in buildx's folder (`current` naming none, which any buildx
 * command writes, and no per-context default under `defaults`). Its default builder is then `default`,
 * with the `docker` driver, and no `docker buildx inspect` (three Go processes, about 0.2 s of a core)
 * needs to ask it.
 */
function buildxUntouched(env, files = file_view_realFiles) {
    if (env.BUILDX_BUILDER || (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default'))
        return false;
    const config = (0,docker_cli/* readDockerConfig */.TO)(env, files);
    if ('invalid' in config || (config.currentContext && config.currentContext !== 'default'))
        return false;
    const folder = env.BUILDX_CONFIG || external_node_path_.join((0,docker_cli/* dockerConfigDir */.kG)(env), 'buildx');
    if (files.list(external_node_path_.join(folder, 'defaults')).length > 0)
        return false;
    const current = files.read(external_node_path_.join(folder, 'current'));
    if (current === undefined)
        return !files.exists(external_node_path_.join(folder, 'current'));
    try {
        return !JSON.parse(current).Name;
    }
    catch {
        return false;
    }
}
/**
 * Asks the early questions, with the `docker-host` input as inputs.ts validated it. Never throws:
 * whatever goes wrong here, detection asks again and says it properly.
 */
function askEarly(dockerHost, env = process.env) {
    try {
        const first = endpointCandidates(env, realFiles, dockerHost).candidates[0];
        if (!first)
            return;
        const variables = endpointVariables(first);
        ask(PING, variables, PING_TIMEOUT_MS, false);
        if (env.DOCKER_BUILDKIT === '0' || env.DOCKER_BUILDKIT === 'false')
            return;
        // only a build waits for these (a re-run of a tested tree pulls): they yield the CPU to the rest;
        // where buildx can only use its default builder, docker info's plugin list says all (builder.ts)
        if (!buildxUntouched(env))
            ask(BUILDX_INSPECT, variables, QUESTION_TIMEOUT_MS, true);
        ask(INFO, variables, QUESTION_TIMEOUT_MS, true);
    }
    catch {
        forgetEarly();
    }
}
/** The early answer to this command with these variables (taken once), if it was asked. */
function earlyAnswer(argv, env) {
    const index = asked.findIndex((entry) => entry.key === keyOf(argv, env));
    return index < 0 ? undefined : asked.splice(index, 1)[0]?.result;
}
/** Forgets every early answer: what comes next may change the client, its plugins or the daemon. */
function forgetEarly() {
    asked.length = 0;
}

// EXTERNAL MODULE: ./node_modules/ci-info/index.js
var ci_info = __webpack_require__(5435);
;// CONCATENATED MODULE: ./lib/src/detect/ci.js
function isAct(env) {
    return env.ACT === 'true' || (env.GITHUB_EVENT_PATH ?? '').startsWith('/var/run/act/');
}
function github(env) {
    if ((env.GITHUB_WORKSPACE ?? '').startsWith('/__w/'))
        return {
            kind: 'github-container',
            vendor: 'GitHub Actions',
            detail: 'job container, workspace under /__w',
        };
    if (env.RUNNER_ENVIRONMENT === 'github-hosted')
        return { kind: 'github-hosted', vendor: 'GitHub Actions', detail: 'GitHub-hosted runner' };
    const detail = env.RUNNER_ENVIRONMENT
        ? 'self-hosted runner'
        : 'runner kind not given (RUNNER_ENVIRONMENT unset)';
    return { kind: 'github-self-hosted', vendor: 'GitHub Actions', detail };
}
function gitlab(env) {
    let detail = 'executor kind not given';
    if (env.CI_DISPOSABLE_ENVIRONMENT === 'true')
        detail = 'disposable environment (docker, kubernetes ... executor)';
    if (env.CI_SHARED_ENVIRONMENT === 'true')
        detail = 'shared environment (shell or ssh executor)';
    return { kind: 'gitlab', vendor: 'GitLab CI', detail };
}
function circleci(env) {
    const remote = /^tcp:\/\//.test(env.DOCKER_HOST ?? '');
    return {
        kind: 'circleci',
        vendor: 'CircleCI',
        detail: remote ? 'remote docker (setup_remote_docker)' : 'no remote docker in DOCKER_HOST',
    };
}
function detectCi(env, vendor) {
    if (isAct(env))
        return { kind: 'act', vendor: 'act', detail: 'GitHub Actions run locally by nektos/act' };
    if (env.GITHUB_ACTIONS === 'true' && !env.GITEA_ACTIONS)
        return github(env);
    if (env.GITLAB_CI)
        return gitlab(env);
    if (env.CIRCLECI)
        return circleci(env);
    if (vendor.name || vendor.isCI)
        return { kind: 'other', vendor: vendor.name ?? 'unknown CI', detail: '' };
    return { kind: 'local', vendor: 'none', detail: 'not in a CI' };
}

;// CONCATENATED MODULE: ./lib/src/detect/builder.js
// Which builder berth uses, and so which cache: the client's builder (buildx and its current builder's
// driver, BuildKit built into a client before 23.0, or the legacy builder) and the daemon's image
// store. BuildKit can export a cache to a registry (`--cache-to type=registry`) through any buildx
// driver but `docker`, and through the `docker` driver only on the containerd image store; elsewhere
// ("Cache export is not supported for the docker driver") berth keeps one image per stage with its
// cache inline. The parsers and the choice are pure; `readBuilder` asks the client.


/** `docker buildx inspect`: `Name:` and `Driver:` of the current builder; undefined when it is not there. */
function parseBuildxInspect(text) {
    const field = (name) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(text)?.[1]?.trim() ?? '';
    const driver = field('Driver');
    return driver ? { name: field('Name') || 'default', driver } : undefined;
}
/** The image store `docker info`'s DriverStatus pairs name: the containerd store names its snapshotter. */
function imageStoreOf(pairs) {
    const type = (pairs ?? []).find(([key]) => key === 'driver-type')?.[1] ?? '';
    return type.startsWith('io.containerd.snapshotter') ? 'containerd' : 'classic';
}
/**
 * Picks the builder. DOCKER_BUILDKIT=0 asks for the legacy builder. With buildx, a registry cache where
 * the driver (or the containerd store) can export one, else inline caches; without buildx, BuildKit
 * when the client has it built in (before 23.0), else the legacy builder.
 */
function chooseBuilder(clientVersion, buildx, imageStore, buildkitEnv) {
    const none = { buildx: null, imageStore, cacheExport: false };
    if (buildkitEnv === '0' || buildkitEnv === 'false')
        return { kind: 'legacy', ...none };
    if (buildx) {
        const cacheExport = buildx.driver !== 'docker' || imageStore === 'containerd';
        return { kind: cacheExport ? 'buildx' : 'buildkit', buildx, imageStore, cacheExport };
    }
    const major = Number(clientVersion.split('.')[0]);
    const builtIn = Number.isFinite(major) && major > 0 && major < 23;
    return { kind: builtIn ? 'buildkit' : 'legacy', ...none };
}
/** One question, answered early if it was asked while the step loaded. */
async function builder_ask(argv, env) {
    const result = await (earlyAnswer(argv, env) ??
        (0,exec/* run */.eF)(argv, { env, allowFailure: true, timeoutMs: QUESTION_TIMEOUT_MS }));
    return result.exitCode === 0 ? result.stdout : undefined;
}
/**
 * The client's buildx builder: its default one where buildx can use no other (early.ts) and docker
 * info lists buildx among the client's plugins, else the one `docker buildx inspect` names. When that
 * builder's driver is `docker`, the daemon's image store comes from `daemon` (the one `docker info` of
 * the run, which the daemon checks read too; null when it could not be asked); `env` points at the
 * daemon found. Never throws: what cannot be asked is absent.
 */
async function readBuilder(clientVersion, env, daemon) {
    const buildkitEnv = process.env.DOCKER_BUILDKIT;
    if (buildkitEnv === '0' || buildkitEnv === 'false')
        return chooseBuilder(clientVersion, undefined, null, buildkitEnv);
    // both questions at once: the image store is wanted by the checks whatever the driver
    const store = daemon.imageStore();
    const buildx = buildxUntouched(process.env) ? await defaultBuildx(daemon, env) : await inspectBuildx(env);
    const storeOfDriver = buildx?.driver === 'docker' ? await store : null;
    return chooseBuilder(clientVersion, buildx, storeOfDriver, buildkitEnv);
}
/** The current builder, as `docker buildx inspect` names it; undefined without buildx. */
async function inspectBuildx(env) {
    const inspect = await builder_ask(BUILDX_INSPECT, env);
    return inspect === undefined ? undefined : parseBuildxInspect(inspect);
}
/** buildx's default builder when the client lists buildx among its plugins (else inspect asks). */
async function defaultBuildx(daemon, env) {
    const plugins = await daemon.plugins();
    if (!plugins)
        return inspectBuildx(env);
    return plugins.includes('buildx') ? { name: 'default', driver: 'docker' } : undefined;
}

// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __webpack_require__(8701);
;// CONCATENATED MODULE: ./lib/src/detect/facts.js
// What the daemon and the client are: versions, storage, rootless, cgroups, OS, builder and compose.
// The parsers and the warnings are pure; `readInfo` asks `docker info` (once a run: the builder choice
// reads its image store) and `readDaemonFacts` the few commands that feed the rest.





/** The compose plugin's version as the client lists its plugins in `docker info`; undefined: none. */
function composePlugin(info) {
    const plugin = (info.ClientInfo?.Plugins ?? []).find(({ Name, Err }) => Name === 'compose' && !Err);
    return plugin ? plugin.Version || 'unknown' : undefined;
}
/**
 * The client plugins that load, as `docker info` lists them; undefined when it cannot tell (no client
 * section, as from a client that is not Docker's, or an error while the client looked for them).
 */
function clientPlugins(info) {
    const client = info?.ClientInfo;
    if (!client || (client.ClientErrors ?? []).length > 0)
        return undefined;
    return (client.Plugins ?? []).flatMap(({ Name, Err }) => (Name && !Err ? [Name] : []));
}
function parseFacts(version, info) {
    return {
        clientVersion: version.Client?.Version ?? '',
        clientApiVersion: version.Client?.DefaultAPIVersion ?? version.Client?.ApiVersion ?? '',
        serverVersion: version.Server?.Version ?? '',
        apiVersion: version.Server?.ApiVersion ?? '',
        os: info.OperatingSystem ?? '',
        storageDriver: info.Driver ?? '',
        rootless: (info.SecurityOptions ?? []).some((option) => option.includes('name=rootless')),
        cgroupVersion: info.CgroupVersion ?? '',
        rootDir: info.DockerRootDir ?? '',
        containerdStore: imageStoreOf(info.DriverStatus) === 'containerd',
    };
}
function numbers(version) {
    return version.split(/[.+~-]/).map((part) => Number.parseInt(part, 10));
}
/** Compares dotted versions numerically: negative when a is older. */
function compareVersions(a, b) {
    const [x, y] = [numbers(a), numbers(b)];
    for (let index = 0; index < Math.max(x.length, y.length); index++) {
        const difference = (x[index] || 0) - (y[index] || 0);
        if (difference !== 0)
            return difference;
    }
    return 0;
}
/** Warnings a person should read: a client ahead of the server, a slow or unusual storage driver. */
function factWarnings(facts) {
    const warnings = [];
    const { clientApiVersion, apiVersion, clientVersion, serverVersion } = facts;
    if (clientApiVersion && apiVersion && compareVersions(clientApiVersion, apiVersion) > 0)
        warnings.push(`the docker client speaks API ${clientApiVersion}, the daemon only ${apiVersion}: the client downgrades, and features newer than the daemon are not there`);
    const [clientMajor, serverMajor] = [numbers(clientVersion)[0], numbers(serverVersion)[0]];
    if (clientMajor && serverMajor && clientMajor !== serverMajor)
        warnings.push(`docker client ${clientVersion} and daemon ${serverVersion} differ by a major version`);
    if (facts.storageDriver === 'vfs')
        warnings.push('the daemon uses the vfs storage driver: every layer is a full copy, builds are slow');
    return warnings;
}
/** Compose from `docker compose version --short` (plugin) or `docker-compose version --short`. */
function composeKind(plugin, standalone) {
    if (plugin)
        return { kind: 'plugin', version: plugin.replace(/^v/, '') };
    if (!standalone)
        return { kind: 'none', version: '' };
    const version = standalone.replace(/^v/, '');
    return { kind: version.startsWith('1.') ? 'v1' : 'standalone', version };
}
/** A compiled program (ELF) is compose v2; anything else on PATH as docker-compose is the Python v1. */
function isCompiled(head) {
    return head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}
function fileHead(file) {
    const head = new Uint8Array(4);
    const fd = (0,external_node_fs_.openSync)(file, 'r');
    try {
        (0,external_node_fs_.readSync)(fd, head, 0, 4, 0);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    return head;
}
/**
 * The client's compose: the plugin when `docker info` lists it; else a standalone docker-compose, asked
 * for its version only when it is compiled (v2), since v1 is a Python program that takes a second of a
 * core to print it, on the cores the tests are using.
 */
async function readCompose(plugin) {
    if (plugin)
        return composeKind(plugin, undefined);
    const standalone = await io/* which */.K7('docker-compose', false);
    if (!standalone)
        return composeKind(undefined, undefined);
    let head;
    try {
        head = fileHead(standalone);
    }
    catch {
        return { kind: 'standalone', version: '' }; // there, but not readable: not asked
    }
    if (!isCompiled(head))
        return { kind: 'v1', version: '' };
    return composeKind(undefined, await firstLine(['docker-compose', 'version', '--short']));
}
// beside the tests: at a lower priority (core/spawn.ts)
const QUICK = { allowFailure: true, timeoutMs: 10_000, background: true };
async function firstLine(argv) {
    const result = await (0,exec/* run */.eF)(argv, QUICK);
    const line = result.stdout.trim().split('\n')[0]?.trim();
    return result.exitCode === 0 && line ? line : undefined;
}
/**
 * `docker info` (asked early if it was asked while the step loaded), which also lists the client's
 * plugins; undefined when it said nothing that parses. `env` points at the daemon found.
 */
async function readInfo(env) {
    const asked = earlyAnswer(INFO, env) ?? (0,exec/* run */.eF)(INFO, { env, allowFailure: true, timeoutMs: QUESTION_TIMEOUT_MS });
    const result = await asked.catch(() => undefined);
    return result ? parseInfo(result.stdout) : undefined;
}
/**
 * The facts from `info` (the run's one `docker info`) and the ping; each of facts and compose settles
 * on its own, so that the probe, which needs the data root, does not wait for a standalone compose.
 * `facts` never rejects: without `docker info` the facts stay empty and the versions still come from
 * the ping.
 */
function readDaemonFacts(version, info) {
    const json = info.then((parsed) => parsed ?? {}, () => ({}));
    return {
        facts: json.then((parsed) => parseFacts(version, parsed)),
        compose: json.then((parsed) => readCompose(composePlugin(parsed))),
    };
}
function parseInfo(text) {
    try {
        const parsed = JSON.parse(text);
        return parsed && typeof parsed === 'object' ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./lib/src/detect/disk.js
// Free space where the daemon keeps images and containers, the threshold under which berth warns, and
// the optional prune. Two ways to read it (planDiskReading picks): statfs of the daemon's data root,
// when that folder is provably the daemon's own in berth's file system (a daemon on this machine),
// which costs no container start; else `df -kP /` in the visibility probe's container (see
// visibility.ts), whose root file system lives on the storage the daemon writes layers to
// (overlay upper dirs, btrfs subvolumes, the containerd snapshotter) and which works the same for a
// remote daemon. `docker info` has no free-space field, and `docker system df` reports only what
// docker itself uses.



/**
 * Where the daemon keeps the probe container's record if rootDir is its data root, as berth sees it:
 * `<rootDir>/containers/<full id>`; undefined when the root or the id (from `docker create`) is unusable.
 */
function probeRecord(rootDir, id) {
    if (!external_node_path_.posix.isAbsolute(rootDir) || !/^[0-9a-f]{64}$/.test(id))
        return undefined;
    return external_node_path_.posix.join(rootDir, 'containers', id);
}
/**
 * The ways to read free space, best first; the first that yields a number wins. The data root is read
 * only when the probe's record was seen in it: a random 64-hex id there proves that this folder is the
 * daemon's own (berth in a job container with the socket bound in, a remote daemon, a VM, or a user who
 * cannot read the data root all fail the check). With the containerd image store, layers live outside
 * the data root, so only the probe's df measures the right file system.
 */
function planDiskReading(facts) {
    const sources = [];
    if (facts.probeRecordSeen && !facts.containerdStore)
        sources.push('data root');
    if (facts.hasDf)
        sources.push('probe');
    return sources;
}
/** Bytes available to an unprivileged writer on the file system holding dir, as `df` counts them. */
function statfsFree(dir) {
    try {
        const stats = (0,external_node_fs_.statfsSync)(dir);
        return stats.bavail * stats.bsize;
    }
    catch {
        return undefined;
    }
}
/** Available bytes from `df -kP` output: the last line's fourth column, in KiB. */
function parseDf(output) {
    const last = (0,errors/* lastLine */.fM)(output);
    const available = last.trim().split(/\s+/)[3];
    return available && /^\d+$/.test(available) ? Number(available) * 1024 : undefined;
}
function diskWarning(freeBytes, minBytes) {
    if (freeBytes === null || freeBytes >= minBytes)
        return undefined;
    const gib = (bytes) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
    return `the daemon has ${gib(freeBytes)} free where it stores images, under min-free-space (${gib(minBytes)}): builds may fail for lack of space; set prune: true to let berth prune`;
}
/** Stopped containers, dangling images, unused networks and build cache; never tagged images or volumes. */
/**
 * `docker system prune`, but for test containers of berth (another job's on a shared daemon may still
 * hold reports waiting to be copied out).
 */
function planPrune() {
    return ['docker', 'system', 'prune', '--force', '--filter', 'label!=berth.role=test'];
}

;// CONCATENATED MODULE: ./lib/src/detect/no-daemon.js
const ADVICE = {
    act: 'Under act the job container reaches the daemon only through a bound socket: run act with the default ' +
        '--container-daemon-socket (not "-"), or pass --container-daemon-socket /var/run/docker.sock, or ' +
        "--container-options '-v /var/run/docker.sock:/var/run/docker.sock'.",
    gitlab: 'On GitLab add a dind service (services: [docker:dind]) and set DOCKER_TLS_CERTDIR: "/certs" with ' +
        '/certs/client shared with the job, so berth finds tcp://docker:2376; or set DOCKER_HOST ' +
        '(tcp://docker:2375 with DOCKER_TLS_CERTDIR: "").',
    circleci: 'On CircleCI add a setup_remote_docker step before berth (it sets DOCKER_HOST, DOCKER_TLS_VERIFY and ' +
        'DOCKER_CERT_PATH), or use a machine executor.',
    'github-container': 'In a GitHub container job the runner binds /var/run/docker.sock; if the job image runs its own ' +
        'user, make sure it may read the socket, or set DOCKER_HOST.',
    'github-hosted': 'Set DOCKER_HOST to a daemon (unix:///path/docker.sock, or tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH).',
    'github-self-hosted': 'Start a Docker daemon on the runner, or set DOCKER_HOST to one (unix:///path/docker.sock, or ' +
        'tcp://host:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH), or give the docker-host input.',
    other: 'Set DOCKER_HOST to a daemon (unix:///path/docker.sock, or tcp://host:2376 with DOCKER_TLS_VERIFY=1 ' +
        'and DOCKER_CERT_PATH), or give the docker-host input.',
    local: 'Start a Docker daemon, or set DOCKER_HOST to one (unix:///path/docker.sock, or tcp://host:2376 with ' +
        'DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH), or give the docker-host input.',
};
function noDaemonMessage(ci, attempts, skipped) {
    const tried = attempts.map((a) => `${a.host} (${a.source}): ${a.why}`);
    let found = 'DOCKER_HOST is unset, no docker context is current and no daemon socket exists';
    if (tried.length > 0)
        found = `tried ${tried.join('; ')}`;
    else if (skipped.length > 0)
        found = 'nothing could be tried';
    const notTried = skipped.length > 0 ? `; not tried: ${skipped.join('; ')}` : '';
    return `No Docker daemon answers (${ci.vendor}): ${found}${notTried}. ${ADVICE[ci.kind]}`;
}

;// CONCATENATED MODULE: ./lib/src/core/container.js
// Containers berth creates: names no other job on a shared daemon will use, and their removal, which
// some daemons refuse (btrfs file systems that cannot be removed): a refusal is reported, not thrown.



/** `berth-<role>-<10 hex>`. */
function containerName(role) {
    return `berth-${role}-${(0,external_node_crypto_.randomBytes)(5).toString('hex')}`;
}
function planRemove(name) {
    return ['docker', 'rm', '--force', '--volumes', name];
}
/** Removes a container; false (and the daemon's words) when the daemon refused. */
async function removeContainer(name) {
    const result = await (0,exec/* run */.eF)(planRemove(name), { allowFailure: true, timeoutMs: 120_000 });
    const removed = result.exitCode === 0 || /no such container/i.test(result.stderr);
    return { removed, why: (0,errors/* lastLine */.fM)(result.stderr) };
}

;// CONCATENATED MODULE: ./lib/src/detect/visibility.js
// Does the daemon see the job's files? Whether berth runs in a container says little (a socket may be
// bound in, a same-path mount may exist); the decisive probe is to make a folder with a random name
// under the workspace and bind it into a container of the daemon: `--mount` refuses a source the
// daemon does not have, and only this folder has that name. Any bind-mount decision follows this
// probe; artifacts always use `docker cp`, which works either way.







/** Whether this process runs in a container, from the files Docker, Podman and cgroups leave. */
function containerFacts(files) {
    if (files.exists('/.dockerenv'))
        return { inContainer: true, evidence: '/.dockerenv' };
    if (files.exists('/run/.containerenv'))
        return { inContainer: true, evidence: '/run/.containerenv' };
    const mountinfo = files.read('/proc/self/mountinfo') ?? '';
    if (/\/(docker|containers)\/(containers\/)?[0-9a-f]{64}\//.test(mountinfo) || /\/kubepods/.test(mountinfo))
        return { inContainer: true, evidence: '/proc/self/mountinfo' };
    if (/:\/(docker|kubepods|lxc)\//.test(files.read('/proc/1/cgroup') ?? ''))
        return { inContainer: true, evidence: '/proc/1/cgroup' };
    return { inContainer: false, evidence: 'none of /.dockerenv, /run/.containerenv, container mounts' };
}
const DF_IMAGE = /^(?:[^/]+\/)*(busybox|alpine|debian|ubuntu|docker):[^/]+$/;
/**
 * The probe's image: a local busybox, alpine, debian, ubuntu or docker image, which has `df` for the
 * free-space reading when the data root cannot be read directly; else any local image, which is never
 * started (creating it is the probe); undefined when the daemon has no image at all. Never pulled:
 * the probe must not depend on a registry, and a fresh dind daemon has nothing.
 */
function pickProbeImage(images) {
    const named = images.filter((image) => !image.includes('<none>'));
    const withDf = named.find((image) => DF_IMAGE.test(image));
    if (withDf)
        return { image: withDf, hasDf: true };
    return named[0] ? { image: named[0], hasDf: false } : undefined;
}
// beside the tests: at a lower priority (core/spawn.ts)
const visibility_QUICK = { allowFailure: true, timeoutMs: 20_000, background: true };
/** A probe that could not run (note says why), or has not read anything yet. */
function unread(note = '') {
    return { visible: null, freeBytes: null, diskSource: null, image: '', left: [], note };
}
const MOUNT_POINT = '/berth-probe';
/** An image of one empty tar, imported (not pulled) when the daemon has none: 1024 zero bytes. */
async function importEmptyImage() {
    const name = `berth-probe:${(0,external_node_crypto_.randomBytes)(5).toString('hex')}`;
    const result = await (0,exec/* run */.eF)(['docker', 'import', '-', name], { ...visibility_QUICK, stdin: '\0'.repeat(1024) });
    return result.exitCode === 0 ? name : undefined;
}
async function probeImage() {
    const list = await (0,exec/* run */.eF)(['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], visibility_QUICK);
    const picked = pickProbeImage(list.exitCode === 0 ? list.stdout.split('\n').filter(Boolean) : []);
    if (picked)
        return { ...picked, imported: false };
    const imported = await importEmptyImage();
    return imported ? { image: imported, hasDf: false, imported: true } : undefined;
}
/** The probe: created (`create`), or run once and removed by the daemon (`run`, with df only). */
function planProbeContainer(name, dir, image, hasDf, verb = 'create') {
    const argv = ['docker', ...(verb === 'run' ? ['run', '--rm'] : ['create']), '--name', name];
    argv.push('--label', 'berth.role=probe');
    // --mount, not -v: with -v a daemon that lacks the folder would create it on its own host.
    argv.push('--mount', `type=bind,source=${dir},target=${MOUNT_POINT},readonly`);
    return hasDf
        ? [...argv, '--entrypoint', 'df', image, '-kP', '/']
        : [...argv, '--entrypoint', '/berth-none', image];
}
/** A folder with a random name under the workspace. */
function makeMarker(workspace) {
    try {
        return { dir: (0,external_node_fs_.mkdtempSync)(external_node_path_.join(workspace, `.berth-probe-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}-`)) };
    }
    catch (error) {
        return `no marker under the workspace: ${(0,errors/* errorText */.kc)(error)}`;
    }
}
/**
 * Free space, while the probe container exists: statfs of the data root when the container's record
 * shows it is the daemon's own here, else df by starting the container (planDiskReading).
 */
async function readDisk(name, id, hasDf, daemon) {
    const { rootDir, containerdStore } = await daemon;
    const record = probeRecord(rootDir, id);
    const probeRecordSeen = record !== undefined && (0,external_node_fs_.existsSync)(record);
    for (const source of planDiskReading({ containerdStore, probeRecordSeen, hasDf })) {
        const freeBytes = source === 'data root'
            ? statfsFree(rootDir)
            : parseDf((await (0,exec/* run */.eF)(['docker', 'start', '--attach', name], visibility_QUICK)).stdout);
        if (freeBytes !== undefined)
            return { freeBytes, diskSource: source };
    }
    return { freeBytes: null, diskSource: null };
}
/**
 * With the containerd image store, layers are outside the data root and only df in the probe reads
 * free space (planDiskReading): one `docker run --rm` gives the verdict and the reading, where create,
 * start and rm are three client starts (0.2 to 0.4 s more beside the tests on engine 28). Exit 125: the
 * daemon did not run it (the bind's source is not there for it, or the start failed).
 */
async function lookOnce(name, dir, image) {
    const result = await (0,exec/* run */.eF)(planProbeContainer(name, dir, image, true, 'run'), visibility_QUICK);
    if (result.exitCode === 125)
        return { ...unread((0,errors/* lastLine */.fM)(result.stderr)), visible: false, image };
    const freeBytes = parseDf(result.stdout) ?? null;
    return { ...unread(), visible: true, image, freeBytes, diskSource: freeBytes === null ? null : 'probe' };
}
/** Creates the probe container (the verdict), reads free space, removes what it made. */
async function look(dir, picked, daemon, removeMarker) {
    const name = containerName('probe');
    if (picked.hasDf && (await daemon).containerdStore)
        return lookOnce(name, dir, picked.image);
    const result = { ...unread(), visible: false, image: picked.image };
    const created = await (0,exec/* run */.eF)(planProbeContainer(name, dir, picked.image, picked.hasDf), visibility_QUICK);
    if (created.exitCode !== 0) {
        result.note = (0,errors/* lastLine */.fM)(created.stderr);
    }
    else {
        result.visible = true;
        // the record is looked for before `docker rm` takes it away; df starts the container, which
        // needs the bound folder, so the marker goes after the reading
        Object.assign(result, await readDisk(name, (0,errors/* lastLine */.fM)(created.stdout), picked.hasDf, daemon));
        removeMarker();
        if ((await (0,exec/* run */.eF)(['docker', 'rm', '--volumes', name], visibility_QUICK)).exitCode !== 0)
            result.left.push(`container ${name}`);
    }
    if (picked.imported && (await (0,exec/* run */.eF)(['docker', 'rmi', picked.image], visibility_QUICK)).exitCode !== 0)
        result.left.push(`image ${picked.image}`);
    return result;
}
async function probeWith(dir, daemon, removeMarker) {
    try {
        const picked = await probeImage();
        if (!picked)
            return unread('no image to probe with');
        return await look(dir, picked, daemon, removeMarker);
    }
    finally {
        removeMarker();
    }
}
/**
 * Runs the probe. `daemon`, the facts of `docker info` (the image store, the data root), is awaited
 * once the probe has its image. The marker folder is under the workspace until the probe is done: no build
 * may read the workspace meanwhile. Never rejects: a failure is the result's note.
 */
async function probeDaemonView(workspace, daemon) {
    const marker = makeMarker(workspace);
    if (typeof marker === 'string')
        return unread(marker);
    const removeMarker = () => (0,external_node_fs_.rmSync)(marker.dir, { recursive: true, force: true });
    return probeWith(marker.dir, daemon, removeMarker).catch((error) => {
        removeMarker();
        return unread((0,errors/* errorText */.kc)(error));
    });
}

;// CONCATENATED MODULE: ./lib/src/detect/environment.js
// Detect: where berth runs and which daemon answers, read by every phase: the CI and the endpoint (with
// TLS) (findDaemon); the builder, asked when a build needs it (a re-run of a tested tree builds nothing)
// or beside the tests; client and daemon facts, compose, whether the daemon sees the job's files, and
// free space (checkDaemon, beside the tests). Shown by report.ts.














async function ping(endpoint) {
    const env = endpoint_endpointVariables(endpoint);
    const early = earlyAnswer(PING, env);
    if (early)
        core/* debug */.Yz('ping: the answer to the ping asked while the step loaded');
    const result = await (early ?? (0,exec/* run */.eF)(PING, { env, allowFailure: true, timeoutMs: PING_TIMEOUT_MS }));
    try {
        const parsed = JSON.parse(result.stdout);
        if (parsed.Server?.Version)
            return parsed;
    }
    catch {
        // the message below says what the client said
    }
    if (result.timedOut)
        return `no answer within ${PING_TIMEOUT_MS / 1000} s`;
    return (0,errors/* lastLine */.fM)(result.stderr).replace(/\.$/, '') || `exit ${result.exitCode}`;
}
/** The first candidate that answers a ping, in the order of endpointCandidates. */
async function resolveEndpoint(settings, ci, env, files) {
    const { candidates, skipped } = endpoint_endpointCandidates(env, files, settings.dockerHost);
    const attempts = [];
    for (const endpoint of candidates) {
        const answer = await ping(endpoint);
        if (typeof answer !== 'string') {
            for (const attempt of attempts)
                core/* info */.pq(`no daemon at ${attempt.host} (${attempt.source}): ${attempt.why}`);
            return { endpoint, version: answer };
        }
        attempts.push({ host: endpoint.host, source: endpoint.source, why: answer });
    }
    throw new Error(noDaemonMessage(ci, attempts, skipped));
}
/**
 * What later steps need to build as berth does, where the job did not say it: BuildKit on a client that
 * has it built in but off by default. berth builds with the client's current buildx builder, so later
 * steps have it already.
 */
function builderVariables(facts, env) {
    return facts.kind === 'buildkit' && !facts.buildx && !env.DOCKER_BUILDKIT ? { DOCKER_BUILDKIT: '1' } : {};
}
/** Points this process, and (through GITHUB_ENV) later steps, at the endpoint. */
function useEndpoint(endpoint, env) {
    const exported = variablesToExport(endpoint, env);
    for (const [name, value] of Object.entries(endpoint_endpointVariables(endpoint))) {
        if (value)
            process.env[name] = value;
        else
            Reflect.deleteProperty(process.env, name);
    }
    for (const [name, value] of Object.entries(exported))
        core_report/* handoff */.NS.exportVariable(name, value);
    return exported;
}
/** A question asked the first time its answer is wanted, and only then. */
function once(ask) {
    let answer;
    return () => (answer ??= ask());
}
/** Finds the daemon that answers and points this process and later steps at it. */
async function findDaemon(settings, env = process.env, files = file_view_realFiles, vendor = { name: ci_info.name, isCI: ci_info.isCI }) {
    const started = Date.now();
    const ci = detectCi(env, vendor);
    const { endpoint, version } = await resolveEndpoint(settings, ci, env, files);
    const variables = endpoint_endpointVariables(endpoint);
    // what the job's environment said before berth pointed this process at the endpoint
    const buildkitEnv = env.DOCKER_BUILDKIT;
    const exported = useEndpoint(endpoint, env);
    const info = once(() => readInfo(variables));
    const imageStore = () => info().then((json) => (json ? imageStoreOf(json.DriverStatus) : null));
    const builder = once(async () => {
        const plugins = () => info().then(clientPlugins);
        const facts = await readBuilder(version.Client?.Version ?? '', variables, { imageStore, plugins });
        const more = builderVariables(facts, { DOCKER_BUILDKIT: buildkitEnv });
        for (const [name, value] of Object.entries(more))
            core_report/* handoff */.NS.exportVariable(name, value);
        Object.assign(exported, more);
        return facts;
    });
    const container = containerFacts(files);
    return { ci, builder, info, container, exported, endpoint, version, ms: Date.now() - started };
}
/**
 * The slower checks: daemon facts, compose, whether the daemon sees the workspace, free space (and a
 * prune when asked and needed). The probe puts a marker folder under the workspace for a moment, so no
 * build may read the context meanwhile. Its warnings are returned, for the caller to write where they
 * belong. Never rejects for what it checks: a check that fails says so in the result.
 */
async function checkDaemon(settings, found) {
    const started = Date.now();
    const daemon = readDaemonFacts(found.version, found.info());
    // awaited below; marked handled so that a failure waits for it
    daemon.compose.catch(() => undefined);
    const probe = probeDaemonView(settings.workspace, daemon.facts);
    const [facts, compose, seen, builder] = await Promise.all([
        daemon.facts,
        daemon.compose,
        probe,
        found.builder(),
    ]);
    const warnings = factWarnings(facts);
    if (seen.left.length > 0)
        warnings.push(`the daemon refused to remove the probe's ${seen.left.join(', ')}: left behind`);
    let pruned = false;
    const low = diskWarning(seen.freeBytes, settings.minFreeBytes);
    if (low && settings.prune) {
        const result = await (0,exec/* run */.eF)(planPrune(), { allowFailure: true, timeoutMs: 300_000 });
        pruned = result.exitCode === 0;
        core/* info */.pq(`prune: ${(0,errors/* lastLine */.fM)(result.stdout)}`);
    }
    if (low)
        warnings.push(pruned ? `${low} (pruned)` : low);
    const { ci, container, exported, endpoint, ms } = found;
    return {
        ci,
        builder,
        container,
        exported,
        daemon: { ...endpoint, ...facts },
        compose,
        workspace: {
            dir: settings.workspace,
            visible: seen.visible,
            bindMounts: seen.visible === true,
            probeImage: seen.image,
            probeNote: seen.note,
        },
        disk: {
            freeBytes: seen.freeBytes,
            source: seen.diskSource,
            minFreeBytes: settings.minFreeBytes,
            pruned,
        },
        warnings,
        seconds: (ms + Date.now() - started) / 1000,
    };
}

;// CONCATENATED MODULE: ./lib/src/detect/report.js
// The detection result where a person and later steps read it: the `environment` and `docker-host`
// outputs, a log line, and the "Environment" table of the job summary.


function yesNo(value) {
    return value === null ? 'unknown' : value ? 'yes' : 'no';
}
function diskSource({ disk, daemon }) {
    if (disk.source === 'data root')
        return `statfs of the daemon's data root (${daemon.rootDir})`;
    return disk.source === 'probe' ? 'df in the probe container' : 'not read';
}
/** `buildkit (buildx builder default, docker driver, classic image store)`. */
function builderText({ builder }) {
    const { kind, buildx, imageStore } = builder;
    const parts = [
        buildx ? `buildx builder ${buildx.name}, ${buildx.driver} driver` : '',
        imageStore ? `${imageStore} image store` : '',
        kind === 'buildx' ? 'registry cache' : kind === 'buildkit' ? 'inline cache per stage' : '',
    ].filter(Boolean);
    return parts.length > 0 ? `${kind} (${parts.join(', ')})` : kind;
}
/** The summary table: one row per fact, header first. */
function environmentRows(environment) {
    const { ci, daemon, workspace, disk, container, compose } = environment;
    const free = disk.freeBytes === null ? 'unknown' : (0,core_report/* formatBytes */.z3)(disk.freeBytes);
    return [
        ['what', 'found'],
        ['CI', [ci.vendor, ci.detail].filter(Boolean).join(', ')],
        ['daemon', `${daemon.host} (${daemon.source}${daemon.certPath ? `, TLS with ${daemon.certPath}` : ''})`],
        [
            'versions',
            `client ${daemon.clientVersion} (API ${daemon.clientApiVersion}), daemon ${daemon.serverVersion} (API ${daemon.apiVersion})`,
        ],
        [
            'daemon OS',
            `${daemon.os}, cgroup v${daemon.cgroupVersion || '?'}${daemon.rootless ? ', rootless' : ''}`,
        ],
        [
            'storage',
            `${daemon.storageDriver}, ${free} free (min ${(0,core_report/* formatBytes */.z3)(disk.minFreeBytes)})${disk.pruned ? ', pruned' : ''}`,
        ],
        ['free space from', diskSource(environment)],
        ['builder', builderText(environment)],
        [
            'compose',
            compose.kind === 'none' ? 'none' : `${compose.kind} ${compose.version || '(version not asked)'}`,
        ],
        ['berth in a container', `${yesNo(container.inContainer)} (${container.evidence})`],
        [
            'daemon sees the workspace',
            `${yesNo(workspace.visible)}${workspace.probeImage ? ` (probed with ${workspace.probeImage})` : ''}${workspace.probeNote ? `: ${workspace.probeNote}` : ''}`,
        ],
        ['exported', Object.keys(environment.exported).join(', ') || 'nothing'],
        ['detected in', `${environment.seconds.toFixed(1)} s`],
    ];
}
/** What the daemon checks found that a person must see, written in their log group. */
function showChecks(environment) {
    for (const warning of environment.warnings)
        core/* warning */.$e(warning);
}
/** `at`: where the Environment table goes among the summary's sections (detection comes first). */
function publishEnvironment(environment, report, at) {
    const { daemon } = environment;
    core_report/* handoff */.NS.setOutput('environment', JSON.stringify(environment));
    core_report/* handoff */.NS.setOutput('docker-host', daemon.host);
    core/* info */.pq(`${environment.ci.vendor}: Docker ${daemon.serverVersion} at ${daemon.host} (${daemon.source}), client ${daemon.clientVersion}, ${daemon.storageDriver || 'unknown'} storage, ${builderText(environment)} builder, workspace visible to the daemon: ${yesNo(environment.workspace.visible)}`);
    report.sections.splice(at, 0, { heading: 'Environment', rows: environmentRows(environment) });
}

;// CONCATENATED MODULE: ./lib/src/detect/source.js
// Where an image comes from, for its OCI labels: the repository's web address and name (from the CI's
// variables, else git's remote), its license (the event payload's, else the license file's), and the
// commit's time (the payload's, GitLab's variable, else git's), so that one commit builds one image.
/**
 * A remote as a web address: `git@host:o/r.git` and `ssh://git@host/o/r` become `https://host/o/r`;
 * credentials in the address (`https://user:token@host/...`) are dropped, never put in a label.
 */
function webAddress(remote) {
    const text = remote.trim();
    const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(text);
    let url;
    try {
        url = new URL(scp ? `https://${scp[1]}/${scp[2]}` : text);
    }
    catch {
        return '';
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol))
        return '';
    const pathname = url.pathname.replace(/\.git\/?$/, '').replace(/\/+$/, '');
    return `https://${url.hostname}${pathname}`;
}
/** Known license texts, by words each one has near its start. */
const LICENSES = [
    ['AGPL-3.0', /GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3/i],
    ['LGPL-3.0', /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3/i],
    ['LGPL-2.1', /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1/i],
    ['GPL-3.0', /GNU GENERAL PUBLIC LICENSE\s+Version 3/i],
    ['GPL-2.0', /GNU GENERAL PUBLIC LICENSE\s+Version 2/i],
    ['Apache-2.0', /Apache License\s+Version 2\.0/i],
    ['MPL-2.0', /Mozilla Public License,? Version 2\.0/i],
    ['MIT', /Permission is hereby granted, free of charge/i],
    ['ISC', /Permission to use, copy, modify, and\/or distribute this software for any/i],
    ['BSD-3-Clause', /Redistribution and use in source and binary forms[\s\S]*Neither the name/i],
    ['BSD-2-Clause', /Redistribution and use in source and binary forms/i],
    ['Unlicense', /This is free and unencumbered software released into the public domain/i],
];
/** The SPDX identifier of a license text, or empty when it is none berth knows. */
function licenseOf(text) {
    return LICENSES.find(([, words]) => words.test(text))?.[0] ?? '';
}
/** A time as RFC 3339 in UTC (`2026-12-01T10:00:00Z`); empty when it is not a time. */
function utc(text) {
    const time = text ? Date.parse(text) : Number.NaN;
    return Number.isNaN(time) ? '' : new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}
function lastPart(path) {
    return path.replace(/\/+$/, '').split('/').pop() ?? '';
}
function resolveSource(env, payload, git, licenseText) {
    const remote = webAddress(git?.remote ?? '');
    let url = remote;
    let title = lastPart(remote) || lastPart(git?.folder ?? '');
    if (env.GITHUB_REPOSITORY) {
        url = `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
        title = lastPart(env.GITHUB_REPOSITORY);
    }
    else if (env.CI_PROJECT_URL) {
        url = env.CI_PROJECT_URL;
        title = env.CI_PROJECT_NAME || lastPart(url);
    }
    else if (env.CIRCLE_REPOSITORY_URL) {
        url = webAddress(env.CIRCLE_REPOSITORY_URL);
        title = env.CIRCLE_PROJECT_REPONAME || lastPart(url);
    }
    const spdx = payload.repository?.license?.spdx_id;
    return {
        url,
        title,
        license: spdx && spdx !== 'NOASSERTION' ? spdx : licenseOf(licenseText),
        created: utc(payload.head_commit?.timestamp) || utc(env.CI_COMMIT_TIMESTAMP) || utc(git?.created),
    };
}

;// CONCATENATED MODULE: ./lib/src/detect/run-context.js
// Where the commit, ref and event come from: the CI's variables (GitHub, GitLab, CircleCI), or git on a
// local run. Events are named as GitHub names them, so push and tag rules read the same everywhere.
// git is asked for the commit's time, the repository's tags and its remote on every run.



const PULL_EVENTS = new Set(['pull_request', 'pull_request_target']);
const GITLAB_EVENTS = {
    merge_request_event: 'pull_request',
    external_pull_request_event: 'pull_request',
    web: 'workflow_dispatch',
    api: 'workflow_dispatch',
    trigger: 'workflow_dispatch',
    pipeline: 'workflow_dispatch',
};
function run_context_github(env, payload) {
    const ref = env.GITHUB_REF ?? '';
    const event = env.GITHUB_EVENT_NAME ?? 'push';
    const pull = /^refs\/pull\/(\d+)\//.exec(ref)?.[1];
    const pullRequest = PULL_EVENTS.has(event)
        ? (payload.pull_request?.number ?? payload.number ?? (pull ? Number(pull) : undefined))
        : undefined;
    const branch = pullRequest !== undefined ? (env.GITHUB_HEAD_REF ?? '') : ref.replace(/^refs\/heads\//, '');
    return {
        sha: env.GITHUB_SHA ?? '',
        branch: ref.startsWith('refs/heads/') || pullRequest !== undefined ? branch : '',
        gitTag: ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : '',
        pullRequest,
        event,
        defaultBranch: payload.repository?.default_branch || 'main',
        runNumber: env.GITHUB_RUN_NUMBER ?? '',
    };
}
function run_context_gitlab(env) {
    const source = env.CI_PIPELINE_SOURCE ?? 'push';
    const mr = env.CI_MERGE_REQUEST_IID;
    return {
        sha: env.CI_COMMIT_SHA ?? '',
        branch: env.CI_COMMIT_TAG
            ? ''
            : (env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME ?? env.CI_COMMIT_BRANCH ?? env.CI_COMMIT_REF_NAME ?? ''),
        gitTag: env.CI_COMMIT_TAG ?? '',
        pullRequest: mr ? Number(mr) : undefined,
        event: GITLAB_EVENTS[source] ?? source,
        defaultBranch: env.CI_DEFAULT_BRANCH || 'main',
        runNumber: env.CI_PIPELINE_IID ?? '',
    };
}
function run_context_circleci(env) {
    const pull = /\/pull\/(\d+)/.exec(env.CIRCLE_PULL_REQUEST ?? '')?.[1];
    return {
        sha: env.CIRCLE_SHA1 ?? '',
        branch: env.CIRCLE_TAG ? '' : (env.CIRCLE_BRANCH ?? ''),
        gitTag: env.CIRCLE_TAG ?? '',
        pullRequest: pull ? Number(pull) : undefined,
        event: pull ? 'pull_request' : 'push',
        defaultBranch: 'main',
        runNumber: env.CIRCLE_BUILD_NUM ?? '',
    };
}
/** True when the CI's own variables name the commit, so git need not be asked. */
function needsGit(env) {
    return !env.GITHUB_SHA && !env.CI_COMMIT_SHA && !env.CIRCLE_SHA1;
}
function ciContext(env, payload, git) {
    if (env.GITHUB_SHA)
        return run_context_github(env, payload);
    if (env.CI_COMMIT_SHA)
        return run_context_gitlab(env);
    if (env.CIRCLE_SHA1)
        return run_context_circleci(env);
    return {
        sha: git?.sha ?? '',
        branch: git?.branch ?? '',
        gitTag: git?.gitTag ?? '',
        pullRequest: undefined,
        event: 'local',
        defaultBranch: git?.defaultBranch || 'main',
        runNumber: '',
    };
}
/** The run's context from the CI's variables, the event payload, and what git and the files say. */
function resolveRunContext(env, payload, git, licenseText = '') {
    return {
        ...ciContext(env, payload, git),
        gitTags: git?.tags ?? [],
        source: resolveSource(env, payload, git, licenseText),
    };
}
async function gitSays(args, cwd) {
    const result = await (0,exec/* run */.eF)(['git', ...args], { cwd, allowFailure: true, timeoutMs: 10_000 });
    return result.exitCode === 0 ? result.stdout.trim() : '';
}
/**
 * What git says about the checkout, asked at once. The commit, branch and tag only outside CI (`full`);
 * the commit's time, the tags and the remote always, for the labels and `latest: auto`.
 */
async function readGit(cwd, full) {
    const ask = (args, asked = true) => asked ? gitSays(args, cwd) : Promise.resolve('');
    const [origin, sha, branch, gitTag, created, tags, remote] = await Promise.all([
        ask(['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'], full),
        ask(['rev-parse', 'HEAD'], full),
        ask(['symbolic-ref', '--short', '-q', 'HEAD'], full),
        ask(['describe', '--tags', '--exact-match', 'HEAD'], full),
        ask(['log', '-1', '--format=%cI', 'HEAD']),
        ask(['tag', '--list']),
        ask(['remote', 'get-url', 'origin']),
    ]);
    return {
        sha,
        branch,
        gitTag,
        defaultBranch: origin.replace(/^origin\//, ''),
        created,
        tags: tags.split('\n').filter(Boolean),
        remote,
        folder: cwd,
    };
}
function readPayload(file) {
    if (!file)
        return {};
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return {};
    }
}
/** The repository's license text, from the first of the usual files there is. */
function readLicense(cwd) {
    for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'COPYING']) {
        try {
            return (0,external_node_fs_.readFileSync)(`${cwd}/${name}`, 'utf8').slice(0, 4000);
        }
        catch {
            // not this one
        }
    }
    return '';
}
async function readRunContext(env, cwd) {
    const git = await readGit(cwd, needsGit(env));
    return resolveRunContext(env, readPayload(env.GITHUB_EVENT_PATH), git, readLicense(cwd));
}

;// CONCATENATED MODULE: ./lib/src/install/phase.js
// Setup: install the pinned docker, compose and buildx, start a dedicated daemon when asked, check
// that everything reports the pinned versions, and say so in the summary. Post undoes it. This file
// decides; the work itself is in tools.ts, loaded only when there is some.


const onPath = async (tool) => (await io/* which */.K7(tool, false)) !== '';
/** The docker version to install: the pin, or `latest` when what is needed is not on PATH. */
async function dockerWanted(install) {
    if (install.docker.version)
        return install.docker.version;
    const needed = install.daemon === 'dedicated' ? ['docker', 'dockerd', 'containerd'] : ['docker'];
    for (const tool of needed) {
        if (!(await onPath(tool))) {
            core/* info */.pq(`${tool} is not on PATH: installing the latest ${install.docker.channel} docker`);
            return 'latest';
        }
    }
    return '';
}
/**
 * The setup phase; skipped when nothing is pinned, docker is there and no daemon is asked for. True
 * when it installed or started something (another client, other plugins, another daemon).
 */
async function setup(install, report, log) {
    const wanted = await dockerWanted(install);
    if (!wanted && !install.compose.version && !install.buildx.version && install.daemon === 'existing') {
        report.skip('setup', 'nothing to install: using the docker that is there');
        return false;
    }
    if (process.platform !== 'linux') {
        throw new Error(`docker-version: berth installs docker and starts daemons on Linux only, not ${process.platform}`);
    }
    const rows = [['tool', 'version', 'from', 'checksum', 'reports']];
    try {
        await report.phase('setup', async () => {
            // Most runs install nothing: the install pipeline (downloads, tool cache) is loaded only here.
            const { installAll } = await Promise.all(/* import() */[__webpack_require__.e(805), __webpack_require__.e(536)]).then(__webpack_require__.bind(__webpack_require__, 2536));
            await installAll(install, wanted, log, rows);
        });
    }
    finally {
        if (rows.length > 1)
            report.sections.push({ heading: 'Installed', rows });
    }
    const unverified = rows.filter((cells) => cells[3]?.startsWith('unverified')).map((cells) => cells[0]);
    const done = rows.slice(1).map((cells) => `${cells[0]} ${cells[1]}`);
    report.note('setup', [done.join(', '), unverified.length > 0 ? `unverified: ${unverified.join(', ')}` : '']
        .filter(Boolean)
        .join('; '));
    return true;
}

;// CONCATENATED MODULE: ./lib/src/publish.js
// The push phases: the tags (with the stage cache images beside them) when the run may push and the
// tests passed, or the stage cache alone (the Actions cache, a run that may not push its tags).






/** Whether a passing run writes the stage cache: never from a pull request; to a registry only when it pushes. */
function writesCacheOnPass(settings, context, session) {
    if (session.mode === 'none')
        return false;
    if (session.mode === 'actions')
        return context.pullRequest === undefined;
    return pushDecision(settings.push, context.event, true).push;
}
/** The push phase (tags, and stage cache images with them) and the cache push phase (cache alone). */
async function publishPhases(settings, made, testsPassed, report) {
    const { tags, context, session } = made;
    const decision = pushDecision(settings.push, context.event, testsPassed);
    const policy = pushPolicy(settings);
    const cache = testsPassed ? made.cache : undefined;
    const cacheNote = ({ refs, failure }) => {
        const what = session.builder === 'buildx' ? 'the registry cache' : 'the stage cache';
        if (failure)
            return `${what} not written: ${failure}`;
        return session.builder === 'buildx'
            ? `${what} ${refs.length > 0 ? 'exported' : 'unchanged'}`
            : `${refs.length} of ${session.caches.length} stage cache images changed`;
    };
    if (!decision.push) {
        report.skip('push', decision.why);
        report.outcome.pushed = [];
    }
    else {
        const image = { imageId: made.imageId, whole: made.whole, logins: settings.logins };
        const [first, written] = await report.phase('push', () => pushWithCache(tags, policy, cache, image));
        core_report/* handoff */.NS.setOutput('digest', first.digest);
        Object.assign(report.outcome, { pushed: first.pushed, digest: first.digest });
        if (cache)
            report.note('push', `${tags.length} tags; ${cacheNote(written)}`);
    }
    if (cache && !decision.push) {
        const written = await report.phase('cache push', async () => writeCache(cache.session, cache.request, await cache.ready, policy));
        report.note('cache push', cacheNote(written));
    }
    else if (!cache && made.cache && exportedByBuild(made.cache)) {
        // buildx's build exported the cache before the tests (a failing test does not make its steps wrong)
        const { failure } = await made.cache.ready;
        const exported = failure
            ? `the build's export of the registry cache failed: ${failure}`
            : 'the registry cache was exported by the build, before the tests';
        report.skip('cache push', `${decision.why}; ${exported}`);
    }
    else if (!cache) {
        report.skip('cache push', session.mode === 'none' ? 'cache is none' : decision.why);
    }
}
/**
 * Pushes the tags and, when `cache` is given, the changed stage cache images. The first tag uploads the
 * layers alone (pushes of the same new layer at the same time race in the registry: "blob unknown to
 * registry"); the other tags then go on its manifest in the registry, beside the cache images. When the
 * final stage came whole from the image's repository (`whole`), every tag goes on that manifest if it
 * is the very image (pushFirst).
 */
async function pushWithCache(tags, policy, cache, image) {
    const { imageId, logins } = image;
    const pushed = tags[0] ? { ref: tags[0], imageId, logins } : undefined;
    // the stage cache images' layers are read beside the first push, once they are ready (images to
    // push: not buildx's registry cache, which its build exports)
    const images = cache?.session.mode === 'registry' && cache.request.builder !== 'buildx';
    const read = images
        ? cache.ready.then(({ refs }) => (refs.length > 0 ? readWaveLayers(refs, pushed) : []))
        : undefined;
    read?.catch(() => undefined);
    const none = { refs: [] };
    const [[digest, rest], ready] = await Promise.all([pushFirst(tags, policy, image), cache?.ready ?? none]);
    const [later, written] = await Promise.all([
        tagOrPush(tags[0] ?? '', rest, imageId, policy, logins),
        cache ? writeCache(cache.session, cache.request, ready, policy, pushed, read) : none,
    ]);
    return [{ pushed: [...tags], digest: digest || later }, written];
}
/**
 * Puts the first tag in the registry, or every tag when they can all go on the manifest of the cache
 * image the final stage came from; returns the digest and the tags still to put. A final stage from
 * the cache can still make another image: BuildKit writes its inline cache records in no fixed order,
 * so the config may differ while every layer is there. Then the first tag goes alone with docker (only
 * the config to upload), as one new blob must not be pushed by several tags at once.
 */
async function pushFirst(tags, policy, image) {
    const { imageId, whole, logins } = image;
    if (whole) {
        const tagged = await tagInRegistry(whole, tags, imageId, logins);
        if ('digest' in tagged) {
            core/* info */.pq(`push: the final stage came whole from ${whole}, the very image: every tag goes on it`);
            for (const tag of tags)
                core/* info */.pq(`pushed ${tag} (tagged in the registry)`);
            return [tagged.digest, []];
        }
        core/* info */.pq(`push: not tagged on ${whole} (${tagged.reason}); the first tag with docker push`);
    }
    return [await pushAtOnce(tags.slice(0, 1), policy), tags.slice(1)];
}
/**
 * The push phase of a tested image berth did not build: the tags go on the very manifest the tests ran
 * on, in the registry where it can (one PUT each), else with docker tag and push.
 */
async function publishPulled(settings, pulled, testsPassed, report) {
    const { reference, imageId, tags, context } = pulled;
    const decision = pushDecision(settings.push, context.event, testsPassed);
    report.outcome.pushed = [];
    if (tags.length === 0)
        return report.skip('push', 'build is false and no tags are given');
    if (!decision.push)
        return report.skip('push', decision.why);
    const policy = pushPolicy(settings);
    const digest = await report.phase('push', async () => {
        const tagged = await tagInRegistry(reference, tags, imageId, settings.logins);
        if ('digest' in tagged) {
            for (const tag of tags)
                core/* info */.pq(`pushed ${tag} (tagged in the registry on the tested manifest)`);
            return tagged.digest;
        }
        core/* info */.pq(`push: not tagged in the registry (${tagged.reason}); docker tag and push`);
        for (const tag of tags)
            await (0,exec/* run */.eF)(['docker', 'tag', imageId, tag]);
        const first = await pushAtOnce(tags.slice(0, 1), policy);
        const rest = await tagOrPush(tags[0] ?? '', tags.slice(1), imageId, policy, settings.logins);
        return first || rest;
    });
    core_report/* handoff */.NS.setOutput('digest', digest);
    Object.assign(report.outcome, { pushed: [...tags], digest });
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./lib/src/registry/copy.js
// Tags put on a manifest that is in a registry already, with no build and no daemon: the same
// repository gets one PUT of the manifest's very bytes per tag; another repository or another registry
// first gets the blobs (config and layers) and, for an index, every image it lists, then the same
// bytes, so every tag names the very digest of `from`. Promotion (`promote-from`) uses it, and so may
// anything that re-tags an image already tested.





const ACCEPT = [...IMAGE_MANIFESTS, ...IMAGE_INDEXES].join(', ');
async function copy_open(repository, actions, logins, env) {
    const credentials = await resolveCredentials(repository.registry, logins, env);
    if ('reason' in credentials)
        throw new Error(credentials.reason);
    const path = apiRepository(repository);
    const basic = 'basic' in credentials ? credentials.basic : undefined;
    return { repository, path, session: await openSession(repository.registry, path, basic, actions) };
}
function headers(repo, extra = {}) {
    return repo.session.authorization ? { ...extra, authorization: repo.session.authorization } : extra;
}
async function getManifest(repo, reference) {
    const url = `${repo.session.base}/v2/${repo.path}/manifests/${encodeURIComponent(reference)}`;
    const got = await repo.session.http.get(url, headers(repo, { accept: ACCEPT }));
    const bytes = await got.readBody();
    if (got.message.statusCode !== 200)
        throw new Error(`${repo.repository.name}:${reference} answered ${got.message.statusCode}`);
    const type = String(got.message.headers['content-type'] ?? '').split(';')[0] ?? '';
    if (![...IMAGE_MANIFESTS, ...IMAGE_INDEXES].includes(type))
        throw new Error(`${repo.repository.name}:${reference} is a ${type || 'manifest of no type'}`);
    return { bytes, type, digest: `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes, 'utf8').digest('hex')}` };
}
async function putManifest(repo, reference, bytes, type) {
    const url = `${repo.session.base}/v2/${repo.path}/manifests/${encodeURIComponent(reference)}`;
    const put = await repo.session.http.request('PUT', url, bytes, headers(repo, { 'content-type': type }));
    await put.readBody();
    if (put.message.statusCode !== 201)
        throw new Error(`PUT of the manifest ${repo.repository.name}:${reference} answered ${put.message.statusCode}`);
}
/** Copies one blob unless the target has it: GET from the source, one monolithic upload to the target. */
async function copyBlob(source, target, digest) {
    const blobUrl = (repo) => `${repo.session.base}/v2/${repo.path}/blobs/${digest}`;
    const head = await target.session.http.head(blobUrl(target), headers(target));
    await head.readBody();
    if (head.message.statusCode === 200)
        return;
    const got = await source.session.http.get(blobUrl(source), headers(source));
    const body = await (got.readBodyBuffer ? got.readBodyBuffer() : Buffer.from(await got.readBody()));
    if (got.message.statusCode !== 200)
        throw new Error(`blob ${digest} answered ${got.message.statusCode}`);
    const started = await target.session.http.request('POST', `${target.session.base}/v2/${target.path}/blobs/uploads/`, '', headers(target, { 'content-length': '0' }));
    await started.readBody();
    const location = started.message.headers.location;
    if (started.message.statusCode !== 202 || typeof location !== 'string')
        throw new Error(`starting the upload of ${digest} answered ${started.message.statusCode}`);
    const upload = new URL(location, target.session.base);
    upload.searchParams.set('digest', digest);
    const put = await target.session.http.request('PUT', upload.toString(), external_node_stream_.Readable.from([body]), headers(target, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }));
    await put.readBody();
    if (put.message.statusCode !== 201)
        throw new Error(`upload of ${digest} answered ${put.message.statusCode}`);
}
/** Copies a manifest by digest (its blobs, or for an index its images first); returns its config digest. */
async function copyManifest(source, target, reference, copy) {
    const manifest = await getManifest(source, reference);
    const parsed = JSON.parse(manifest.bytes);
    let config = parsed.config?.digest ?? '';
    if (copy) {
        for (const child of parsed.manifests ?? []) {
            const childConfig = await copyManifest(source, target, child.digest, true);
            config ||= childConfig;
        }
        for (const blob of [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])])
            await copyBlob(source, target, blob.digest);
        await putManifest(target, manifest.digest, manifest.bytes, manifest.type);
    }
    else if (!config && parsed.manifests?.[0]) {
        config =
            JSON.parse((await getManifest(source, parsed.manifests[0].digest)).bytes).config
                ?.digest ?? '';
    }
    return config;
}
/**
 * Puts `targets` (full `name:tag` references, in any repository of any registry) on the manifest that
 * `from` (`name:tag` or `name@sha256:...`) names, with the credentials of `logins` or docker's config.
 * Throws with the reason when the registry's API cannot do it (credentials only a helper's identity
 * token holds, a registry it cannot reach as the daemon does).
 */
async function putOnManifest(from, targets, logins, env = process.env) {
    const source = parseReference(from);
    if (typeof source === 'string')
        throw new Error(`${from} ${source}`);
    const reference = source.digest ?? source.tag ?? 'latest';
    const byRepository = new Map();
    for (const target of targets) {
        const parsed = parseReference(target);
        if (typeof parsed === 'string' || !parsed.tag)
            throw new Error(`${target} is not name:tag`);
        const entry = byRepository.get(parsed.repository.name) ?? { repository: parsed.repository, tags: [] };
        entry.tags.push(parsed.tag);
        byRepository.set(parsed.repository.name, entry);
    }
    const opened = [];
    try {
        const actions = byRepository.has(source.repository.name) ? 'pull,push' : 'pull';
        const from = await copy_open(source.repository, actions, logins, env);
        opened.push(from);
        const manifest = await getManifest(from, reference);
        if (source.digest && manifest.digest !== source.digest)
            throw new Error(`${source.repository.name}@${source.digest} answered another digest`);
        let configDigest = '';
        for (const { repository, tags } of byRepository.values()) {
            const same = repository.name === source.repository.name;
            const target = same ? from : await copy_open(repository, 'pull,push', logins, env);
            if (!same)
                opened.push(target);
            const config = await copyManifest(from, target, manifest.digest, !same);
            configDigest ||= config;
            for (const tag of tags) {
                await putManifest(target, tag, manifest.bytes, manifest.type);
                core/* info */.pq(`pushed ${repository.name}:${tag} (${same ? 'tagged' : 'copied'} in the registry)`);
            }
        }
        if (!configDigest)
            configDigest = await copyManifest(from, from, manifest.digest, false);
        return { digest: manifest.digest, configDigest };
    }
    finally {
        for (const repo of opened)
            repo.session.http.dispose();
    }
}

;// CONCATENATED MODULE: ./lib/src/registry/login.js
// Login: the password goes to `docker login` on stdin, is masked where it is born, and lands in a
// docker config of the job's own (never the user's), which post removes.







/** Masks the password and the base64 `user:password` that docker writes to its config. */
function maskCredentials(credentials) {
    core/* setSecret */.Pq(credentials.password);
    core/* setSecret */.Pq(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
}
/**
 * The server argument of `docker login`/`logout`: none for Docker Hub, whose credentials docker keeps
 * under `https://index.docker.io/v1/` (a `docker logout docker.io` would leave them there).
 */
function server(registry) {
    return ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(registry) ? [] : [registry];
}
function planLogin(credentials) {
    const { username, registry } = credentials;
    return ['docker', 'login', '--username', username, '--password-stdin', ...server(registry)];
}
async function login(credentials, retries) {
    await (0,retry/* withRetries */.LH)(() => (0,exec/* run */.eF)(planLogin(credentials), { stdin: credentials.password, timeoutMs: 60_000 }), {
        retries,
        label: `login to ${credentials.registry}`,
    });
    core/* info */.pq(`Logged in to ${credentials.registry} as ${credentials.username}`);
}
function planLogout(registry) {
    return ['docker', 'logout', ...server(registry)];
}
/**
 * The docker config a job's logins go to: a folder of its own under the runner's temp dir, with the
 * settings of the config docker would use (its proxies; its contexts, CLI plugins and buildx builders, linked), but no
 * credential store or helper for the registries berth logs in to, so that `docker login` writes to
 * this file and never to the user's config or keychain. Returns the folder.
 */
function jobDockerConfig(env, registries) {
    const root = env.RUNNER_TEMP && (0,external_node_fs_.existsSync)(env.RUNNER_TEMP) ? env.RUNNER_TEMP : (0,external_node_os_.tmpdir)();
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join(root, 'berth-docker-config-'));
    const user = (0,docker_cli/* dockerConfigDir */.kG)(env);
    let config = {};
    try {
        config = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_.join(user, 'config.json'), 'utf8'));
    }
    catch {
        // no config, or not one docker could read either: start empty
    }
    Reflect.deleteProperty(config, 'credsStore');
    for (const registry of registries)
        Reflect.deleteProperty(config.credHelpers ?? {}, registry);
    (0,external_node_fs_.writeFileSync)(external_node_path_.join(dir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
    // buildx keeps its builders (and which one is current) in its folder
    for (const name of ['cli-plugins', 'contexts', 'buildx'])
        if ((0,external_node_fs_.existsSync)(external_node_path_.join(user, name)))
            (0,external_node_fs_.symlinkSync)(external_node_path_.join(user, name), external_node_path_.join(dir, name));
    return dir;
}

;// CONCATENATED MODULE: ./lib/src/registry/pull.js
// Pull: the image another job built (`build: false`), or a tested tree's, with retries: the reference
// the tests run, and the local image ID, asked beside them.






/** The digest `docker pull` names (`Digest: sha256:...`), if it names one. */
function pulledDigest(output) {
    return /^Digest: (sha256:[0-9a-f]{64})\s*$/m.exec(output)?.[1];
}
/** `name@digest` for `name:tag` (or `name`) and a digest; a reference that pins a digest already stays. */
function byDigest(reference, digest) {
    return reference.includes('@') ? reference : `${splitReference(reference).name}@${digest}`;
}
/** Pulls `reference`. */
async function pullImage(reference, policy) {
    const left = () => Math.max(1_000, policy.deadline - Date.now());
    const result = await (0,retry/* withRetries */.LH)(() => (0,exec/* run */.eF)(['docker', 'pull', reference], { timeoutMs: left(), cancellable: true }), { retries: policy.retries, label: `pull ${reference}`, until: policy.deadline }).catch((error) => {
        throw error instanceof cancel/* CancelledError */.cc ? error : new Error(`pull of ${reference}: ${(0,errors/* errorText */.kc)(error)}`);
    });
    const digest = pulledDigest(result.stdout);
    const runs = digest ? byDigest(reference, digest) : reference;
    core/* info */.pq(`pulled ${reference}${digest ? ` (${digest})` : ''}`);
    const imageId = (0,exec/* run */.eF)(['docker', 'image', 'inspect', '--format', '{{.Id}}', runs]).then((inspected) => inspected.stdout.trim());
    // awaited by the push phase, after the tests
    imageId.catch(() => undefined);
    return { runs, imageId };
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
;// CONCATENATED MODULE: ./lib/src/registry/tags.js
// The tags a run gets, each with the rule that made it (cache references are in cache-plan.ts):
// the default tags from the commit, branch, tag and event, `latest` by its own rule, and the `tags`
// entries (literal tags, full references, templates), with `tag-prefix`/`tag-suffix` on what berth
// computes.



/** A git tag as a version: `v1.2.3` and `1.2.3` are; `nightly` is not. */
function parseVersion(gitTag) {
    return semver.parse(gitTag.replace(/^v/, ''));
}
/**
 * `1.2.3`, `1.2`, `1` for `v1.2.3`; `0.4.1`, `0.4` for `v0.4.1` (a `0` tag would follow every
 * incompatible 0.x release); only the full version for a pre-release; none for a non-semver tag.
 */
function versionTags(gitTag) {
    const version = parseVersion(gitTag);
    if (!version)
        return [];
    if (version.prerelease.length > 0)
        return [toTag(version.version)];
    const minor = `${version.major}.${version.minor}`;
    return version.major === 0 ? [version.version, minor] : [version.version, minor, `${version.major}`];
}
/** Why `latest` goes on this run under `latest: auto`, or undefined when it does not. */
function latestReason(context) {
    if (context.pullRequest === undefined && context.branch && context.branch === context.defaultBranch)
        return `latest: auto, the default branch ${context.branch}`;
    const version = parseVersion(context.gitTag);
    if (!version || version.prerelease.length > 0)
        return undefined;
    const higher = context.gitTags
        .map(parseVersion)
        .find((other) => other && other.prerelease.length === 0 && semver.gt(other, version));
    if (higher)
        return undefined;
    return `latest: auto, ${context.gitTag} is the highest release`;
}
/** What the templates stand for in this run. */
function templateValues(context, now) {
    const version = parseVersion(context.gitTag);
    const release = version && version.prerelease.length === 0 ? version : undefined;
    return {
        sha: context.sha.slice(0, 7),
        branch: context.branch ? toTag(context.branch) : '',
        version: version ? toTag(version.version) : '',
        major: release ? `${release.major}` : '',
        minor: release ? `${release.minor}` : '',
        patch: release ? `${release.patch}` : '',
        pr: context.pullRequest === undefined ? '' : `${context.pullRequest}`,
        run: context.runNumber,
        now,
    };
}
/** The version outputs and labels carry: the version, else the git tag, `pr-N`, the branch, `sha-<7>`. */
function runVersion(context) {
    const version = parseVersion(context.gitTag);
    if (version)
        return version.version;
    if (context.gitTag)
        return toTag(context.gitTag);
    if (context.pullRequest !== undefined)
        return `pr-${context.pullRequest}`;
    if (context.branch)
        return toTag(context.branch);
    return context.sha ? `sha-${context.sha.slice(0, 7)}` : '';
}
/** The default tags, bare, each with its rule. */
function defaultTags(context) {
    const tags = [];
    if (context.sha)
        tags.push([`sha-${context.sha.slice(0, 7)}`, 'default: the commit']);
    if (context.pullRequest !== undefined) {
        tags.push([`pr-${context.pullRequest}`, `default: pull request ${context.pullRequest}`]);
    }
    else if (context.branch) {
        tags.push([toTag(context.branch), `default: the branch ${context.branch}`]);
    }
    if (context.gitTag) {
        const versions = versionTags(context.gitTag);
        const zero = parseVersion(context.gitTag)?.major === 0 ? ' (no 0 tag for a 0.x version)' : '';
        const rule = `default: the version tag ${context.gitTag}${zero}`;
        if (versions.length > 0)
            for (const tag of versions)
                tags.push([tag, rule]);
        else
            tags.push([toTag(context.gitTag), `default: the git tag ${context.gitTag}`]);
    }
    return tags;
}
/**
 * Every tag of a run: the default tags, `latest`, then the `tags` entries, without repeats (the first
 * rule that made a tag is the one shown). An entry whose template has no value in this run (`{{pr}}`
 * on a push, `{{version}}` on a branch) is left out, and said so.
 */
function computeTags(image, settings, context, now) {
    const { prefix, suffix } = settings;
    const tags = [];
    const left = [];
    const add = (name, tag, rule) => {
        if (!isValidTag(tag))
            throw new Error(`tags: '${tag}' (${rule}) is not a valid tag`);
        const ref = `${name}:${tag}`;
        if (!tags.some((known) => known.ref === ref))
            tags.push({ ref, rule });
    };
    if (settings.defaultTags)
        for (const [tag, rule] of defaultTags(context))
            add(image.name, `${prefix}${tag}${suffix}`, rule);
    const latest = settings.latest === 'true'
        ? 'latest: true'
        : settings.latest === 'auto' && settings.defaultTags
            ? latestReason(context)
            : undefined;
    if (latest)
        add(image.name, 'latest', latest);
    const values = templateValues(context, now);
    for (const entry of settings.entries) {
        const { name, tag } = splitEntry(entry);
        if (!hasTemplate(tag)) {
            add(name || image.name, tag, `tags: ${entry}`);
            continue;
        }
        const rendered = renderTemplate(tag, values);
        if (rendered === undefined)
            left.push(`tags: ${entry} (a template has no value in this run)`);
        else
            add(name || image.name, `${prefix}${rendered}${suffix}`, `tags: ${entry}`);
    }
    return { tags, version: runVersion(context), left };
}

;// CONCATENATED MODULE: ./lib/src/state.js
/** The names main saves under. */
const state_KEYS = { state: 'berth', mainRan: 'isPost' };
/** A value main saved, as a runner hands it to post (what `core.getState` reads). */
const saved = (name) => process.env[`STATE_${name}`] ?? '';
function emptyState() {
    return { containers: [], reports: {}, services: [], logins: [], daemonEnv: {}, plugins: [] };
}
/** What main left for post: from the runner's STATE_ variables, or from `read` (the CLI's own). */
function loadState(read = saved) {
    const text = read(state_KEYS.state);
    if (!text)
        return emptyState();
    try {
        return { ...emptyState(), ...JSON.parse(text) };
    }
    catch {
        return emptyState();
    }
}
/** Whether post has anything to undo. */
function hasCleanup(state) {
    return (state.containers.length > 0 ||
        state.services.length > 0 ||
        state.logins.length > 0 ||
        state.dockerConfig !== undefined ||
        state.plugins.length > 0 ||
        state.daemon !== undefined);
}
/** True in post: main marks its state, so the one bundle knows it runs as post the second time. */
function isPost() {
    return saved(state_KEYS.mainRan) === 'true';
}
/** Main's side: each record is saved as it is made. */
class StateRecorder {
    save;
    state = emptyState();
    constructor(save) {
        this.save = save;
        save(state_KEYS.mainRan, 'true');
    }
    changed() {
        this.save(state_KEYS.state, JSON.stringify(this.state));
    }
    created(container, reports) {
        this.state.containers.push(container);
        if (reports)
            this.state.reports[container] = reports;
        this.changed();
    }
    copied(container) {
        Reflect.deleteProperty(this.state.reports, container);
        this.changed();
    }
    removed(container) {
        this.state.containers = this.state.containers.filter((name) => name !== container);
        this.changed();
    }
    composeUp(project) {
        this.state.services.push(project);
        this.changed();
    }
    loggedIn(registry) {
        this.state.logins.push(registry);
        this.changed();
    }
    dockerConfig(dir) {
        this.state.dockerConfig = dir;
        this.changed();
    }
    daemonEnv(env) {
        this.state.daemonEnv = env;
        this.changed();
    }
    plugin(record) {
        this.state.plugins.push(record);
        this.changed();
    }
    daemon(state) {
        this.state.daemon = state;
        this.changed();
    }
}

;// CONCATENATED MODULE: ./lib/src/test-run/artifacts.js
// Artifacts: `docker cp` out of the stopped test container, beside the push. Never a bind mount: the
// daemon may not see the job's folders (a remote daemon, a job container beside its own daemon).





function planCopy(container, source, dest) {
    return ['docker', 'cp', `${container}:${source.replace(/\/+$/, '')}/.`, dest];
}
/**
 * Counts the files and their bytes below a directory; what cannot be read (a folder the tests left
 * without permissions) is counted as such, never a failure of a step whose copy succeeded.
 */
function measure(dir) {
    let files = 0;
    let bytes = 0;
    let unreadable = 0;
    const walk = (current) => {
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)(current, { withFileTypes: true });
        }
        catch {
            unreadable++;
            return;
        }
        for (const entry of entries) {
            const full = external_node_path_.join(current, entry.name);
            if (entry.isDirectory())
                walk(full);
            else if (entry.isFile()) {
                files++;
                try {
                    bytes += (0,external_node_fs_.statSync)(full).size;
                }
                catch {
                    unreadable++;
                }
            }
        }
    };
    walk(dir);
    return { files, bytes, unreadable };
}
/**
 * Copies the artifacts out, writing nothing to the log (it runs beside the push; `showArtifacts` writes
 * what it found). A container without the folder is a warning, not a failure.
 */
async function copyArtifacts(container, source, dest) {
    (0,external_node_fs_.mkdirSync)(dest, { recursive: true });
    const result = await (0,exec/* run */.eF)(planCopy(container, source, dest), { allowFailure: true });
    let missing = '';
    if (result.exitCode !== 0) {
        if (!/no such|could not find/i.test(result.stderr))
            throw new Error(`artifacts: docker cp failed: ${(0,errors/* lastLine */.fM)(result.stderr)}`);
        missing = `artifacts-path: ${source} does not exist in the test container; nothing was copied`;
    }
    return { dir: dest, ...measure(dest), missing };
}
function showArtifacts(artifacts) {
    if (artifacts.missing)
        core/* warning */.$e(artifacts.missing);
    const unreadable = artifacts.unreadable > 0 ? `, ${artifacts.unreadable} not readable` : '';
    core/* info */.pq(`artifacts: ${artifacts.files} files in ${artifacts.dir}${unreadable}`);
}

;// CONCATENATED MODULE: ./lib/src/test-run/container.js
// Test: run the test command in the built image. The container is run attached without `--rm` and kept
// until the artifacts are copied out; main then removes it, and post removes it if the daemon refused.
// Nothing depends on `--rm` or `exec`, which some daemons cannot do. A test that runs past its timeout,
// or a run that is cancelled, stops the container (TERM, then KILL after a grace period): what the
// tests wrote so far stays in it, for the artifacts phase to copy out.






/**
 * Seconds between the TERM and the KILL of a test container that is stopped: after its timeout, and
 * when the run is cancelled (a runner gives a cancelled step about 7.5 s before it kills it, and the
 * reports must still be copied out in that time).
 */
const STOP_GRACE_SECONDS = { 'timed out': 10, cancelled: 2 };
/**
 * The test container's `docker run`. Its environment goes in a file of its own (`--env-file`), never
 * in the docker client's environment: `test-env` cannot change which daemon, binary or config the
 * client uses, and no value is in argv.
 */
function planTestContainer(request, envFile) {
    const argv = ['docker', 'run', '--name', request.name, '--label', 'berth.role=test'];
    if (request.networks?.[0])
        argv.push('--network', request.networks[0]);
    if (request.env.length > 0)
        argv.push('--env-file', envFile);
    argv.push('--entrypoint', '/bin/sh', request.image, '-c', request.command);
    return argv;
}
/** `docker stop`: TERM, then KILL after the grace period. */
function planStop(name, graceSeconds) {
    return ['docker', 'stop', '--time', String(graceSeconds), name];
}
/** The env file's lines; a value with a line break cannot go in one, and is refused by inputs.ts. */
function envFileText(env) {
    return env.map(({ key, value }) => `${key}=${value}\n`).join('');
}
/**
 * Runs the test container attached (one client call: create, start, attach, wait) and returns the test
 * command's exit code. Main records the name in the post state before calling this.
 */
async function runTestContainer(request) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join((0,external_node_os_.tmpdir)(), 'berth-test-'));
    const envFile = external_node_path_.join(dir, 'env');
    (0,external_node_fs_.writeFileSync)(envFile, envFileText(request.env), { mode: 0o600 });
    const argv = await joinedNetworks(planTestContainer(request, envFile), request).catch((error) => {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        throw error;
    });
    core/* info */.pq(`test: container ${request.name}`);
    let stopped;
    const stop = (why) => {
        if (stopped)
            return;
        stopped = why;
        // the attached client returns once the container has stopped
        const grace = STOP_GRACE_SECONDS[why];
        (0,exec/* run */.eF)(planStop(request.name, grace), { allowFailure: true, timeoutMs: (grace + 30) * 1000 }).catch(() => undefined);
    };
    const timer = request.timeoutMs > 0 ? setTimeout(() => stop('timed out'), request.timeoutMs) : undefined;
    const onCancel = () => stop('cancelled');
    cancel/* cancelled */.KW.addEventListener('abort', onCancel, { once: true });
    if (cancel/* cancelled */.KW.aborted)
        onCancel();
    let result;
    try {
        result = await (0,exec/* run */.eF)(argv, { stream: true, untrustedOutput: true, allowFailure: true });
    }
    finally {
        clearTimeout(timer);
        cancel/* cancelled */.KW.removeEventListener('abort', onCancel);
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
    const exitCode = await exitCodeOf(request.name, argv, result);
    return stopped ? { exitCode, stopped } : { exitCode };
}
/**
 * `docker run` joins one network (engines before 25 take one `--network`): a container that joins
 * several is created, connected to the others, and started attached.
 */
async function joinedNetworks(argv, request) {
    const others = request.networks?.slice(1) ?? [];
    if (others.length === 0)
        return argv;
    await (0,exec/* run */.eF)(['docker', 'create', ...argv.slice(2)]);
    for (const network of others)
        await (0,exec/* run */.eF)(['docker', 'network', 'connect', network, request.name]);
    return ['docker', 'start', '--attach', request.name];
}
async function exitCodeOf(name, argv, result) {
    // a 0 is the command's own; anything else may be the client's (125: no container), so the
    // container's state says
    if (result.exitCode === 0)
        return 0;
    // only a container that ran and exited has the command's own code; one left `created` has a 0
    const state = await (0,exec/* run */.eF)(['docker', 'inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name], {
        allowFailure: true,
    });
    const [status, code] = state.stdout.trim().split(' ');
    const exitCode = Number(code);
    if (state.exitCode === 0 && status === 'exited' && Number.isInteger(exitCode))
        return exitCode;
    throw new Error((0,exec/* describeFailure */.Ic)(argv, result));
}

;// CONCATENATED MODULE: ./lib/src/test-run/binds.js
// The folders a compose project binds: read from compose's own resolved configuration (`config`), so
// that merge keys, `extends`, `include`, variables and `~` mean what they mean to compose. Before the
// services start, each is checked from the daemon's side: berth in a container beside the daemon, or a
// remote daemon, does not share the job's folders, and a bind mount there would silently be an empty
// folder of the daemon's host.








/**
 * Reads `compose config` output (YAML from v1 and v2 alike): the bind mounts' sources, absolute there
 * (long syntax `type: bind` from v2, `/src:/dst:rw` from v1), relative ones resolved against `directory`.
 */
function readConfig(text, directory) {
    const doc = ((0,dist/* parse */.qg)(text) ?? {});
    const binds = [];
    const images = new Set();
    for (const [service, spec] of Object.entries(doc.services ?? {})) {
        if (spec?.image)
            images.add(spec.image);
        for (const volume of spec?.volumes ?? []) {
            const source = typeof volume === 'string'
                ? (volume.split(':')[0] ?? '')
                : volume.type === 'bind'
                    ? (volume.source ?? '')
                    : '';
            if (/^[./]/.test(source))
                binds.push({ service, source: external_node_path_.resolve(directory, source) });
        }
    }
    return { binds, images: [...images] };
}
/** The nearest folder at or above `file` that exists: what the daemon must see for compose to bind it. */
function nearestFolder(file) {
    let folder = file;
    while (!(0,external_node_fs_.existsSync)(folder) && external_node_path_.dirname(folder) !== folder)
        folder = external_node_path_.dirname(folder);
    return folder;
}
/** The workspace's bound sources (there yet or not: the daemon makes a missing one, as root). */
function workspaceBinds(config, workspace) {
    return [
        ...new Set(config.binds.map(({ source }) => source).filter((source) => isInside(source, workspace))),
    ];
}
/**
 * Refuses a bind mount the daemon cannot see. For each folder, a folder with a random name is made in
 * it and bound into a container of `image` that is created and never started: `--mount` refuses a
 * source the daemon lacks, and only this job's folder has that name.
 */
async function checkBinds(config, image) {
    const folders = new Map();
    for (const { service, source } of config.binds) {
        const folder = nearestFolder(source);
        if (!folders.has(folder))
            folders.set(folder, service);
    }
    for (const [folder, service] of folders) {
        const marker = external_node_path_.join(folder, `.berth-bind-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
        try {
            (0,external_node_fs_.mkdirSync)(marker);
        }
        catch {
            continue; // a folder berth cannot write in: compose will tell
        }
        const name = containerName('bind-check');
        try {
            const created = await (0,exec/* run */.eF)([
                ...['docker', 'create', '--name', name, '--label', 'berth.role=probe'],
                ...['--mount', `type=bind,source=${marker},target=/berth-bind,readonly`],
                ...['--entrypoint', '/berth-none', image],
            ], { allowFailure: true, timeoutMs: 30_000 });
            if (created.exitCode !== 0)
                throw (0,errors/* withKind */.hT)('environment', new Error(`compose-file: service ${service} binds ${folder}, which the daemon cannot see (${(0,errors/* lastLine */.fM)(created.stderr)}); ` +
                    'the daemon runs elsewhere than this job: build the files into an image, or use a named volume'));
            await (0,exec/* run */.eF)(['docker', 'rm', name], { allowFailure: true, timeoutMs: 30_000 });
        }
        finally {
            (0,external_node_fs_.rmSync)(marker, { recursive: true, force: true });
        }
    }
}

;// CONCATENATED MODULE: ./lib/src/test-run/ownership.js
// Ownership: files in the job's folders belong to the user running the step. `docker cp` writes the
// reports as the user who runs it, so they are the runner's whatever user the tests ran as. What a
// service writes as root into a folder of the workspace it binds is not: post hands such files back
// (a runner that is not root cannot remove them, and the next checkout fails on them).






/** Who runs this step: the owner every file of the job should have. */
function runnerIds() {
    return process.getuid && process.getgid ? { uid: process.getuid(), gid: process.getgid() } : undefined;
}
/** The files and folders under `dir` (itself included) that another user owns. */
function foreignFiles(dir, uid) {
    const found = [];
    const walk = (file) => {
        let stat;
        try {
            stat = (0,external_node_fs_.lstatSync)(file);
        }
        catch {
            return;
        }
        if (stat.uid !== uid)
            found.push(file);
        if (!stat.isDirectory())
            return;
        let entries = [];
        try {
            entries = (0,external_node_fs_.readdirSync)(file);
        }
        catch {
            return;
        }
        for (const entry of entries)
            walk(external_node_path_.join(file, entry));
    };
    walk(dir);
    return found;
}
/** `chown -R` of a folder in a container of `image`, as root: only the daemon's root can hand files back. */
function planHandBack(name, folder, image, ids) {
    return [
        ...['docker', 'run', '--name', name, '--label', 'berth.role=hand-back', '--user', '0:0'],
        ...['--mount', `type=bind,source=${folder},target=/berth-hand-back`, '--entrypoint', 'chown', image],
        ...['-R', `${ids.uid}:${ids.gid}`, '/berth-hand-back'],
    ];
}
/**
 * Post: hands back what the services left owned by another user in the workspace's folders they bound;
 * what cannot be handed back is a warning that names the folder.
 */
async function handBack(folders, images) {
    const ids = runnerIds();
    if (!ids)
        return;
    for (const folder of folders) {
        const foreign = foreignFiles(folder, ids.uid);
        if (foreign.length === 0)
            continue;
        if (ids.uid === 0) {
            // root hands them back itself
            for (const file of foreign)
                (0,external_node_fs_.lchownSync)(file, 0, 0);
            core/* info */.pq(`cleanup: ${foreign.length} files a service wrote in ${folder} handed back to 0:0`);
            continue;
        }
        // the image under test first, then the services': the first with a chown does it
        let chown = { exitCode: 1, stderr: 'no image to run chown in' };
        for (const image of images) {
            const name = containerName('hand-back');
            chown = await (0,exec/* run */.eF)(planHandBack(name, folder, image, ids), { allowFailure: true, timeoutMs: 120_000 });
            await (0,exec/* run */.eF)(['docker', 'rm', name], { allowFailure: true, timeoutMs: 30_000 });
            if (chown.exitCode === 0)
                break;
        }
        const left = foreignFiles(folder, ids.uid).length;
        if (chown.exitCode === 0 && left === 0)
            core/* info */.pq(`cleanup: ${foreign.length} files a service wrote in ${folder} handed back to ${ids.uid}:${ids.gid}`);
        else
            core/* warning */.$e(`cleanup: ${left} files in ${folder} belong to another user (a service wrote them): ${(0,errors/* lastLine */.fM)(chown.stderr) || 'chown did not change them'}`);
    }
}

;// CONCATENATED MODULE: ./lib/src/test-run/services.js
// Services: the databases and queues the tests talk to, started with compose from the user's files
// (`docker compose`, the v2 plugin, where it is there; else `docker-compose`, v1), waited for until
// their healthchecks pass, and taken down in post. The test container joins the project's network, so
// that service names resolve. Nothing here needs `--force-recreate`, `exec` or `rm`, which some
// daemons cannot do: the project has a name of its own, and its containers are read with `docker`
// itself (by the compose labels, which v1 and v2 both set), so one code path serves both.









function base(project) {
    return [
        ...project.tool,
        '--project-name',
        project.name,
        ...['--project-directory', project.directory],
        ...project.files.flatMap((file) => ['--file', file]),
    ];
}
function planUp(project, services) {
    return [...base(project), 'up', '--detach', ...services];
}
/**
 * The project's containers, networks and named volumes go; a removal that fails is a warning. The
 * services are thrown away with their volumes, so they get 3 s to stop, not the default 10.
 */
function planDown(project) {
    return [...base(project), 'down', '--volumes', '--remove-orphans', '--timeout', '3'];
}
// the inspect template reads JSON as maps: a container without a healthcheck has no Health key at all
const STATE_FORMAT = '{{.Id}}\t{{index .Config.Labels "com.docker.compose.service"}}\t{{.State.Status}}\t' +
    '{{with index .State "Health"}}{{.Status}}{{end}}\t{{.State.ExitCode}}\t{{json .NetworkSettings.Networks}}';
function parseStates(text) {
    return text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => {
        const [id = '', service = '', status = '', health = '', code = '0', networks = '{}'] = line.split('\t');
        const names = Object.keys((JSON.parse(networks) ?? {})).sort();
        return { id, service, status, health, exitCode: Number(code), networks: names };
    });
}
/** Whether the services are ready: each running and healthy (or with no healthcheck), or done with 0. */
function readiness(states) {
    for (const state of states) {
        if (state.health === 'unhealthy')
            return { failed: `service ${state.service} is unhealthy`, waiting: [] };
        if ((state.status === 'exited' || state.status === 'dead') && state.exitCode !== 0)
            return { failed: `service ${state.service} exited with code ${state.exitCode}`, waiting: [] };
    }
    const waiting = states
        .filter((state) => state.status !== 'exited' && (state.status !== 'running' || state.health === 'starting'))
        .map((state) => `${state.service} (${state.health || state.status})`);
    return { waiting: states.length === 0 ? ['no container yet'] : waiting };
}
/** The networks the test container joins: the project's default one first, then every other one. */
function networksOf(states, project) {
    const all = [...new Set(states.flatMap((state) => state.networks))].sort();
    const preferred = `${project}_default`;
    return all.includes(preferred) ? [preferred, ...all.filter((name) => name !== preferred)] : all;
}
/** `docker compose` where the plugin answers, else `docker-compose`. */
async function composeTool() {
    for (const tool of [['docker', 'compose'], ['docker-compose']]) {
        const result = await (0,exec/* run */.eF)([...tool, 'version'], { allowFailure: true, timeoutMs: 30_000 }).catch(() => undefined);
        if (result?.exitCode === 0)
            return tool;
    }
    throw (0,errors/* withKind */.hT)('environment', new Error('compose-file: neither docker compose (the v2 plugin) nor docker-compose answers; set compose-version to install compose'));
}
async function readStates(project) {
    const listed = await (0,exec/* run */.eF)([
        'docker',
        'ps',
        '--all',
        '--quiet',
        '--no-trunc',
        '--filter',
        `label=com.docker.compose.project=${project}`,
    ]);
    const ids = listed.stdout.split('\n').filter(Boolean);
    if (ids.length === 0)
        return [];
    return parseStates((await (0,exec/* run */.eF)(['docker', 'container', 'inspect', '--format', STATE_FORMAT, ...ids])).stdout);
}
/** Waits until the services are ready; the error names the service that failed or is still not ready. */
async function waitReady(project, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        (0,cancel/* throwIfCancelled */.dZ)();
        const states = await readStates(project);
        const { failed, waiting } = readiness(states);
        if (failed)
            throw new ServicesError(failed, states);
        if (waiting.length === 0)
            return states;
        if (Date.now() >= deadline)
            throw new ServicesError(`compose-timeout: not ready after ${timeoutMs / 1000} s: ${waiting.join(', ')}`, states);
        await (0,retry/* pause */.v7)(500);
    }
}
/** A failure to start the services, with their containers, whose logs are shown. */
class ServicesError extends Error {
    states;
    constructor(message, states) {
        super(message);
        this.states = states;
    }
}
/** Each service's log in a log group of its own: what a failing run needs to see. */
async function showServiceLogs(states) {
    for (const state of states) {
        core/* startGroup */.Oh(`service ${state.service} log`);
        try {
            await (0,exec/* run */.eF)(['docker', 'logs', '--timestamps', state.id], {
                stream: true,
                untrustedOutput: true,
                allowFailure: true,
                timeoutMs: 30_000,
            });
        }
        finally {
            core/* endGroup */.N4();
        }
    }
}
/**
 * Starts the services of the compose files and waits for them; undefined when none are asked for.
 * `image` (the image under test, which is local) serves the check of the bind mounts.
 */
async function startServices(settings, image, report, log) {
    if (settings.files.length === 0)
        return undefined;
    let states = [];
    try {
        const started = await report.phase('services', async () => {
            const tool = await composeTool();
            const files = settings.files;
            const name = containerName('services');
            const directory = external_node_path_.dirname(files[0] ?? settings.workspace);
            const plan = { tool, name, files, directory, binds: [], images: [] };
            const config = await readComposeConfig(plan);
            await checkBinds(config, image);
            const project = {
                ...plan,
                binds: workspaceBinds(config, settings.workspace),
                images: [image, ...config.images],
            };
            log.composeUp(project);
            const up = await (0,exec/* run */.eF)(planUp(project, settings.services), {
                allowFailure: true,
                stream: true,
                untrustedOutput: true,
                cancellable: true,
            });
            states = await readStates(project.name);
            if (up.exitCode !== 0) {
                const { kind, message } = upFailure(up.stderr);
                throw (0,errors/* withKind */.hT)(kind, new ServicesError(message, states));
            }
            states = await waitReady(project.name, settings.timeoutMs);
            return { project, networks: networksOf(states, project.name), states };
        });
        const names = [...new Set(started.states.map((state) => state.service))].sort().join(', ');
        report.note('services', `${names} on ${started.networks.join(', ') || 'no network'}`);
        return started;
    }
    catch (error) {
        await showServiceLogs(error instanceof ServicesError ? error.states : states);
        throw error;
    }
}
/** The configuration compose resolves from the files; one it cannot read is the input's fault. */
async function readComposeConfig(project) {
    const result = await (0,exec/* run */.eF)([...base(project), 'config'], { allowFailure: true, timeoutMs: 60_000 });
    if (result.exitCode !== 0)
        throw (0,errors/* withKind */.hT)('input', new Error(`compose-file: ${(0,errors/* lastLine */.fM)(result.stderr) || 'compose config failed'}`));
    return readConfig(result.stdout, project.directory);
}
/** Why `up` failed; a service that is not in the files is the input's fault. */
function upFailure(stderr) {
    const why = (0,errors/* lastLine */.fM)(stderr);
    if (/no such service/i.test(why))
        return { kind: 'input', message: `compose-services: ${why}` };
    return { kind: 'failed', message: `compose up failed: ${why}` };
}
/**
 * Post: takes the project down. When compose cannot (its files are gone or changed), the project's
 * containers, networks and volumes go by compose's label; what stays is a warning, never a failure.
 */
async function stopServices(project) {
    const down = await (0,exec/* run */.eF)(planDown(project), { allowFailure: true, timeoutMs: 120_000 }).catch((error) => ({ exitCode: 1, stderr: (0,errors/* errorText */.kc)(error) }));
    if (down.exitCode === 0)
        core/* info */.pq(`cleanup: took the services of ${project.name} down`);
    else {
        core/* warning */.$e(`cleanup: compose down of ${project.name} failed: ${(0,errors/* lastLine */.fM)(down.stderr)}; removing by label`);
        await removeByLabel(project.name);
    }
    await handBack(project.binds ?? [], project.images ?? []);
}
/** Removes what carries the project's label, with docker alone. */
async function removeByLabel(name) {
    const filter = ['--filter', `label=com.docker.compose.project=${name}`];
    const quick = { allowFailure: true, timeoutMs: 60_000 };
    for (const [list, remove] of [
        [
            ['docker', 'ps', '--all', '--quiet', ...filter],
            ['docker', 'rm', '--force', '--volumes'],
        ],
        [
            ['docker', 'network', 'ls', '--quiet', ...filter],
            ['docker', 'network', 'rm'],
        ],
        [
            ['docker', 'volume', 'ls', '--quiet', ...filter],
            ['docker', 'volume', 'rm'],
        ],
    ]) {
        const ids = (await (0,exec/* run */.eF)(list, quick)).stdout.split('\n').filter(Boolean);
        if (ids.length === 0)
            continue;
        const removed = await (0,exec/* run */.eF)([...remove, ...ids], quick);
        if (removed.exitCode !== 0)
            core/* warning */.$e(`cleanup: ${remove.slice(0, 3).join(' ')}: ${(0,errors/* lastLine */.fM)(removed.stderr)}`);
    }
}

;// CONCATENATED MODULE: ./lib/src/test-run/phase.js
// The test and artifacts phases: the test command runs in the built image; its reports are copied out
// with `docker cp` while the push goes on, and the container is removed once they are out.







/** Removes the test container; one the daemon refuses to remove stays in the post state. */
async function removeTestContainer(name, log) {
    const { removed, why } = await removeContainer(name);
    if (!removed)
        return `test: the daemon did not remove ${name} (${why}); post tries again`;
    log.removed(name);
    return `test: removed ${name}`;
}
/** The phase of command `index` of `count`: `test` alone, else `test 2/3`. */
function phaseName(index, count) {
    return count === 1 ? 'test' : `test ${index + 1}/${count}`;
}
/** Where the reports of command `index` of `count` go: artifactsDest, or a folder of it for each. */
function commandDest(dest, index, count) {
    return count === 1 ? dest : external_node_path_.join(dest, `test-${index + 1}`);
}
/** Runs one command in a container of its own and starts copying its reports out. */
async function runOne(settings, image, index, services, report, log) {
    const count = settings.commands.length;
    const command = settings.commands[index] ?? '';
    const name = containerName('test');
    const dest = commandDest(settings.artifactsDest, index, count);
    log.created(name, { path: settings.artifactsPath, dest });
    const { env, timeoutMs } = settings;
    const phase = phaseName(index, count);
    const end = await report.phase(phase, () => {
        if (count > 1)
            core/* info */.pq(`test: ${command}`);
        const networks = services?.networks ?? [];
        return runTestContainer({ image, command, env, name, timeoutMs, networks });
    });
    const why = end.stopped === 'timed out' ? `timed out after ${timeoutMs / 1000} s` : end.stopped;
    const passed = end.exitCode === 0 && !end.stopped;
    const what = count > 1 ? `${command}: ` : '';
    report.note(phase, `${what}${why ? `${why}, exit ${end.exitCode}` : `exit ${end.exitCode}`}`, passed ? 'ok' : 'failed');
    const copying = (0,core_report/* background */.Tp)(copyArtifacts(name, settings.artifactsPath, dest));
    // a container whose reports are not out is kept: post copies them before it removes it
    const removal = copying.work.then(() => {
        log.copied(name);
        return removeTestContainer(name, log);
    }, () => `test: ${name} kept, its reports are not out yet; post copies them, then removes it`);
    // read by finishArtifacts, which every path through main awaits
    copying.work.catch(() => undefined);
    return { end, copy: { copying, removal } };
}
/**
 * Runs the test commands in order, each in a container of its own, up to the first that fails, and
 * starts copying the reports of each out as it ends; undefined when there is no test command.
 */
async function testPhase(settings, imageId, report, log) {
    const count = settings.commands.length;
    if (count === 0) {
        report.skip('test', 'no test-command given');
        return undefined;
    }
    const reader = Promise.all(/* import() */[__webpack_require__.e(143), __webpack_require__.e(581), __webpack_require__.e(256)]).then(__webpack_require__.bind(__webpack_require__, 2256));
    // awaited by finishArtifacts, which every path through main awaits
    reader.catch(() => undefined);
    const services = await startServices(settings.services, imageId, report, log);
    const copies = [];
    let last = { exitCode: 0 };
    let label = 'test-command';
    for (let index = 0; index < count; index++) {
        if (last.exitCode !== 0 || last.stopped) {
            report.skip(phaseName(index, count), 'an earlier test command failed');
            continue;
        }
        const { end, copy } = await runOne(settings, imageId, index, services, report, log);
        copies.push(copy);
        last = end;
        if (count > 1)
            label = `test-command ${index + 1}/${count} (${settings.commands[index] ?? ''})`;
    }
    const passed = last.exitCode === 0 && !last.stopped;
    // a red run shows what the services said
    if (!passed && services)
        await showServiceLogs(services.states);
    core_report/* handoff */.NS.setOutput('test-exit-code', String(last.exitCode));
    report.outcome.testExitCode = last.exitCode;
    const why = last.stopped === 'timed out' ? `timed out after ${settings.timeoutMs / 1000} s` : last.stopped;
    const tested = {
        passed,
        reports: settings.reports,
        dir: settings.artifactsDest,
        copies,
        last: label,
        reader,
    };
    return why ? { ...tested, stopped: why } : tested;
}
/**
 * What the JUnit reports say: an error annotation for each failing test (its file and line when the
 * report gives them), a warning for a report that does not parse, the `tests` output and a summary
 * table with the failures and the slowest tests.
 */
function showReports(totals, dir, report, reader) {
    const { slowest, totalsLine } = reader;
    for (const { file, why } of totals.broken)
        core/* warning */.$e(`test-reports: ${external_node_path_.relative(dir, file)} does not parse as JUnit (${why})`);
    if (totals.cases.length === 0)
        return;
    const failed = totals.cases.filter((testcase) => testcase.status === 'failed');
    for (const testcase of failed) {
        core/* error */.z3(testcase.message || 'failed', {
            title: `${testcase.suite}: ${testcase.name}`,
            ...(testcase.file ? { file: testcase.file } : {}),
            ...(testcase.line ? { startLine: testcase.line } : {}),
        });
    }
    core_report/* handoff */.NS.setOutput('tests', totalsLine(totals));
    const { passed, skipped, seconds } = totals;
    const failedNames = failed.map((testcase) => testcase.name);
    report.outcome.tests = { passed, failed: failed.length, skipped, seconds, failedNames };
    const rows = [...failed, ...slowest(totals, 5).filter((testcase) => testcase.status !== 'failed')].map((testcase) => [
        testcase.suite,
        testcase.name,
        testcase.status === 'failed' ? `❌ ${testcase.message}` : testcase.status,
        `${testcase.seconds.toFixed(2)} s`,
    ]);
    report.sections.push({
        heading: 'Tests (failed, then the slowest)',
        rows: [['suite', 'test', 'result', 'time'], ...rows],
    });
}
/** The artifacts phase, written once the push phases are done: the copies' results and the removals. */
async function finishArtifacts(tested, report) {
    const started = Math.min(...tested.copies.map((copy) => copy.copying.started));
    const all = Promise.all(tested.copies.map((copy) => copy.copying.work));
    const copying = {
        work: all,
        started,
        ended: Promise.all(tested.copies.map((copy) => copy.copying.ended)).then((ends) => Math.max(...ends)),
    };
    try {
        const copied = await report.finished('artifacts', copying, (each) => each.forEach(showArtifacts));
        // each copy counted its own folder (test-N, or the one folder of a single command)
        const sum = (key) => copied.reduce((total, each) => total + each[key], 0);
        const artifacts = {
            dir: tested.dir,
            files: sum('files'),
            bytes: sum('bytes'),
            unreadable: sum('unreadable'),
            missing: '',
        };
        core_report/* handoff */.NS.setOutput('artifacts-dir', artifacts.dir);
        report.outcome.artifacts = artifacts;
        report.note('artifacts', (0,core_report/* counted */.hS)(artifacts.files, 'file'));
        if (copied.length > 0) {
            const reader = await tested.reader;
            showReports(reader.readReports(artifacts.dir, tested.reports), artifacts.dir, report, reader);
        }
    }
    finally {
        for (const copy of tested.copies)
            core/* info */.pq(await copy.removal);
    }
}

;// CONCATENATED MODULE: ./lib/src/main.js
// The main step, in the order the README tells it: setup, detect, login, cache, build, test, artifacts,
// push. The daemon's slower checks run beside the tests, once no build reads the workspace.


























const DAEMON_VARIABLES = [
    'DOCKER_HOST',
    'DOCKER_TLS_VERIFY',
    'DOCKER_CERT_PATH',
    'DOCKER_CONFIG',
    'DOCKER_CONTEXT',
];
function daemonEnv() {
    return Object.fromEntries(DAEMON_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}
/** Cache and build; the stage cache images the run writes are made ready beside the tests. */
async function main_build(job) {
    const { settings, image, found, context, tags, report, checks } = job;
    const facts = found.builder();
    const session = await report.phase('cache', async () => readCache(settings.build, image, context, await facts, settings.publish.logins));
    const { builder } = session;
    report.note('cache', `${session.mode}, ${session.sources.cacheFrom.length} sources`);
    const labels = imageLabels(context, job.version, settings.build.labels);
    core_report/* handoff */.NS.setOutput('labels', JSON.stringify(labels));
    const writes = writesCacheOnPass(settings.publish, context, session);
    const request = {
        ...settings.build,
        builder,
        tags,
        labels,
        ...noCacheFlags(settings.build.noCache, context.event),
        cacheTo: buildCacheTo(builder, session.mode, session.caches, writes),
    };
    const apart = buildsApart(await facts, session.caches, request.noCache || session.mode === 'none') &&
        (await session.earlierCache);
    // a run that writes no cache (a pull request) tags no stage cache image either
    const caches = writes ? session.caches : session.caches.map((cache) => ({ ...cache, write: undefined }));
    const built = await report.phase('build', () => (apart ? buildInWaves : buildWithCache)(request, session.parsed, caches, session.sources, session.extra));
    const hits = built.rows.reduce((sum, row) => sum + row.hits, 0);
    const steps = built.rows.reduce((sum, row) => sum + row.steps, 0);
    const cacheHits = `${hits}/${steps}`;
    core_report/* handoff */.NS.setOutput('cache-hits', cacheHits);
    Object.assign(report.outcome, { cacheHits });
    report.sections.push(cacheSection(built));
    report.note('build', `${cacheHits} steps from cache, ${builder} builder${apart ? ', stages apart' : ''}`);
    // the stage cache images are tagged (or built from the local cache) while the tests run
    const cache = writes ? prepareCache(session, request, built, Boolean((await facts).buildx)) : undefined;
    // buildx exports an Actions cache with a second build of the context in the push phase: the checks
    // (whose probe puts a folder in the workspace) wait for the end of the run there
    if (!(cache && builder === 'buildx' && session.mode === 'actions'))
        checks(cache?.ready ?? Promise.resolve());
    const whole = wholeFromRepository(builder, built.rows, image.name);
    const made = { tags, context, session, cache, imageId: built.imageId, whole };
    return {
        runs: built.imageId,
        imageId: Promise.resolve(built.imageId),
        labels,
        publish: (passed) => publishPhases(settings.publish, made, passed, report),
    };
}
/**
 * An image built before, pulled, and the tags go on it: `build: false` (only the tags asked for), or a
 * tree already built, tested and pushed (this commit's tags).
 */
async function main_pull(job, reference, why) {
    const { settings, context, tags, report, checks } = job;
    const policy = pushPolicy(settings.publish);
    const { runs, imageId } = await report.phase('pull', () => (0,errors/* failsAs */.Q8)('registry', () => pullImage(reference, policy)));
    report.skip('build', why);
    // beside the tests, not the pull, which the run waits for
    checks(Promise.resolve());
    return {
        runs,
        imageId,
        labels: {},
        publish: async (passed) => publishPulled(settings.publish, { reference, imageId: await imageId, tags, context }, passed, report),
    };
}
/**
 * A tree built, tested and pushed before is pulled instead of built again; any other is built, and
 * recorded as tested once its image is pushed.
 */
async function buildOnce(job, lookup) {
    const { settings, image, report } = job;
    const { logins } = settings.publish;
    const tree = await lookup;
    if (tree.reuse) {
        const subject = await main_pull(job, tree.reuse.reference, tree.reuse.why);
        if (settings.build.testedTree !== 'trust')
            return subject;
        return { ...subject, untested: 'tested-tree is trust: the tests passed on this tree before' };
    }
    const built = await main_build(job);
    const publish = async (passed) => {
        await built.publish(passed);
        const { digest, pushed } = report.outcome;
        if (passed && digest && pushed?.length)
            await recordTestedTree(image, tree.key, { digest, imageId: await built.imageId }, logins);
    };
    return { ...built, publish };
}
/** Login, cache and build (or pull), test, artifacts, push. */
async function pipeline(job, record) {
    const { settings, image, report } = job;
    Object.assign(report.outcome, { image: image.name });
    const reading = readRunContext(process.env, settings.workspace);
    // the tree key is hashed while git answers and the login goes on (no lookup when build is false or
    // for a promotion), with the job's docker config as it was before the login; awaited by buildOnce (a
    // run that stops before, at a failed login, does not report it)
    const lookUp = () => findTestedTree(settings.build, image, reading, settings.publish.logins, { ...process.env });
    const tree = settings.pull || settings.publish.promoteFrom ? undefined : lookUp();
    tree?.catch(() => undefined);
    const context = await reading;
    // an image berth did not build gets only the tags asked for
    const tagSettings = settings.pull
        ? { ...settings.publish.tags, defaultTags: false }
        : settings.publish.tags;
    const computed = computeTags(image, tagSettings, context, new Date());
    const tags = computed.tags.map((tag) => tag.ref);
    showTags(computed, report);
    await loginPhase(settings.publish, report, record);
    if (settings.publish.promoteFrom)
        return promote(settings.publish, tags, computed.version, context, report);
    const run = { ...job, context, tags, version: computed.version };
    const subject = settings.pull
        ? await main_pull(run, settings.pull, `build is false: testing ${settings.pull}`)
        : await buildOnce(run, tree ?? lookUp());
    if (subject.untested)
        report.skip('test', subject.untested);
    const tested = subject.untested ? undefined : await testPhase(settings.test, subject.runs, report, record);
    const testsPassed = tested?.passed ?? true;
    // the reports are copied out while the push goes on; the artifacts phase is written after it
    const pushFailure = await (0,errors/* failsAs */.Q8)('registry', () => subject.publish(testsPassed)).then(noFailure, failed);
    // a failure to tell it is the push phase's, above
    const imageId = await subject.imageId.catch(() => '');
    core_report/* handoff */.NS.setOutput('image-id', imageId);
    report.outcome.imageId = imageId;
    const { digest = '' } = report.outcome;
    const metadata = { tags, labels: subject.labels, version: computed.version, digest, imageId };
    core_report/* handoff */.NS.setOutput('metadata', JSON.stringify(metadata));
    const copyFailure = tested
        ? await (0,errors/* failsAs */.Q8)('environment', () => finishArtifacts(tested, report)).then(noFailure, failed)
        : undefined;
    // cancelled: the reports written so far are out; the cancellation is the failure to report
    (0,cancel/* throwIfCancelled */.dZ)();
    const failures = [pushFailure, copyFailure].filter((failure) => failure !== undefined);
    // the first failure says what kind the run's failure is
    if (failures.length > 0)
        throw (0,errors/* withKind */.hT)((0,errors/* kindOf */.I)(failures[0]), new Error(failures.map(errors/* errorText */.kc).join('; ')));
    if (!testsPassed) {
        const names = report.outcome.tests?.failedNames ?? [];
        const which = names.length > 0
            ? `: ${(0,core_report/* counted */.hS)(names.length, 'test')} failed (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})`
            : '';
        const how = tested?.stopped ?? `failed with exit code ${report.outcome.testExitCode}${which}`;
        const what = tested?.last ?? 'test-command';
        throw (0,errors/* withKind */.hT)('failed', new Error(`${what} ${how}; reports are in ${settings.test.artifactsDest}, nothing was pushed`));
    }
}
/**
 * Logs in to every registry given, into a docker config of the job's own (DOCKER_CONFIG for every
 * command berth starts from here on; exported to later steps with `logout: false`).
 */
async function loginPhase(publish, report, record) {
    const { logins, retries } = publish;
    if (logins.length === 0)
        return report.skip('login', 'no credentials given');
    const dir = jobDockerConfig(process.env, logins.map((given) => given.registry));
    record.dockerConfig(dir);
    process.env.DOCKER_CONFIG = dir;
    if (!publish.logout)
        core_report/* handoff */.NS.exportVariable('DOCKER_CONFIG', dir);
    await report.phase('login', async () => {
        for (const credentials of logins) {
            record.loggedIn(credentials.registry);
            await (0,errors/* failsAs */.Q8)('registry', () => login(credentials, retries));
        }
    });
    report.note('login', logins.map((given) => given.registry).join(', '));
}
/**
 * Promotion: the tags go on the manifest `promote-from` names, in the registry, with no build and no
 * test (that image was tested when it was built); the labels are the ones it was built with.
 */
async function promote(publish, tags, version, context, report) {
    for (const phase of ['cache', 'build', 'test'])
        report.skip(phase, `promote-from ${publish.promoteFrom}`);
    const decision = pushDecision(publish.push, context.event, true);
    if (!decision.push)
        return report.skip('push', decision.why);
    const from = renderTemplate(publish.promoteFrom, templateValues(context, new Date()));
    if (!from)
        throw new Error(`promote-from: ${publish.promoteFrom} has a template with no value in this run`);
    const put = await report.phase('push', () => (0,errors/* failsAs */.Q8)('registry', () => putOnManifest(from, tags, publish.logins)));
    report.note('push', `${tags.length} tags on ${from}`);
    core_report/* handoff */.NS.setOutput('digest', put.digest);
    core_report/* handoff */.NS.setOutput('image-id', put.configDigest);
    const metadata = { tags, labels: {}, version, digest: put.digest, imageId: put.configDigest };
    core_report/* handoff */.NS.setOutput('metadata', JSON.stringify(metadata));
    Object.assign(report.outcome, { pushed: tags, digest: put.digest, imageId: put.configDigest });
}
/** The tags and the version: outputs, the log, and the summary's Tags table with the rule of each. */
function showTags(computed, report) {
    const tags = computed.tags.map((tag) => tag.ref);
    core_report/* handoff */.NS.setOutput('tags', tags.join('\n'));
    core_report/* handoff */.NS.setOutput('version', computed.version);
    Object.assign(report.outcome, { tags, version: computed.version });
    for (const tag of computed.tags)
        core/* info */.pq(`tag ${tag.ref}: ${tag.rule}`);
    for (const left of computed.left)
        core/* info */.pq(`tag left out: ${left}`);
    report.sections.push({
        heading: `Tags (version ${(0,core_report/* escapeHtml */.ZD)(computed.version || 'none')})`,
        rows: [
            ['tag', 'rule'],
            ...computed.tags.map((tag) => [(0,core_report/* escapeHtml */.ZD)(tag.ref), (0,core_report/* escapeHtml */.ZD)(tag.rule)]),
            ...computed.left.map((left) => ['(none)', (0,core_report/* escapeHtml */.ZD)(left)]),
        ],
    });
}
const noFailure = () => undefined;
const failed = (error) => error;
/** The summary's first line for a run that went through. */
function passedVerdict(report) {
    const { tests, testExitCode, pushed, image } = report.outcome;
    const tested = tests !== undefined
        ? `${(0,core_report/* counted */.hS)(tests.passed, 'test')} passed${tests.skipped ? `, ${tests.skipped} skipped` : ''}`
        : testExitCode === 0
            ? 'the tests passed'
            : 'built (no test-command)';
    const published = pushed?.length ? `pushed ${(0,core_report/* counted */.hS)(pushed.length, 'tag')}` : 'nothing pushed';
    return image ? `✅ ${image}: ${tested}; ${published}` : '✅ the daemon is set up';
}
/**
 * The last resort: a failure nothing awaited (work beside the tests) stops the run as a cancellation
 * does, so that main still stops the tests, copies the reports out and writes the summary.
 */
function stopOnStrayFailures() {
    const stray = (error) => {
        process.exitCode = 1;
        core/* error */.z3(`berth: ${(0,errors/* errorText */.kc)(error)}`);
        (0,cancel/* cancel */.ZT)(`berth stopped after an unexpected failure: ${(0,errors/* errorText */.kc)(error)}`);
    };
    process.on('unhandledRejection', stray);
    process.on('uncaughtException', stray);
}
/**
 * The main step; `settings` is what index.ts read from the inputs, or why they are not valid. A failure
 * fails the step (`core.setFailed`: exit code 1) and is also returned, for the CLI to tell its kind.
 */
async function main_main(settings) {
    const report = new core_report/* Report */.pl();
    const record = new StateRecorder((name, value) => core_report/* handoff */.NS.saveState(name, value));
    let failure;
    (0,cancel/* cancelOnSignals */.dJ)();
    stopOnStrayFailures();
    try {
        if (settings instanceof Error)
            throw settings;
        for (const credentials of settings.publish.logins)
            maskCredentials(credentials);
        // another client, other plugins, another daemon: the early answers may no longer hold
        if (await (0,errors/* failsAs */.Q8)('environment', () => setup(settings.install, report, record)))
            forgetEarly();
        const found = await report.phase('detect', () => (0,errors/* failsAs */.Q8)('environment', () => findDaemon(settings.detect)));
        record.daemonEnv(daemonEnv());
        const at = report.sections.length;
        // the daemon's slower checks, started once (whatever `after` settles with)
        let checks;
        const startChecks = (after) => {
            const go = () => (0,core_report/* background */.Tp)(checkDaemon(settings.detect, found));
            return (checks ??= after.then(go, go));
        };
        // a prune must come before the build
        if (settings.detect.prune)
            await (await startChecks(Promise.resolve())).ended;
        try {
            if (settings.image) {
                const job = { settings, image: settings.image, found, report, checks: startChecks };
                await pipeline(job, record);
            }
            else
                report.skip('build', 'no image given: detect and set up only');
        }
        finally {
            // a cancelled run has no time for the checks (a runner kills a cancelled step within seconds)
            if (!cancel/* cancelled */.KW.aborted) {
                const done = await startChecks(Promise.resolve());
                publishEnvironment(await report.finished('daemon checks', done, showChecks), report, at);
            }
        }
        report.verdict = passedVerdict(report);
    }
    catch (error) {
        failure = error;
        report.verdict = `❌ ${(0,errors/* errorText */.kc)(error)}`;
        core/* setFailed */.C1((0,errors/* errorText */.kc)(error));
    }
    finally {
        // a stream cut short leaves workflow commands off: the summary and the failure must be read
        (0,exec/* endStreams */.pV)();
        await report.writeSummary().catch((error) => core/* warning */.$e(`summary: ${(0,errors/* errorText */.kc)(error)}`));
    }
    return { report, failure };
}

// EXTERNAL MODULE: ./lib/src/daemon/plan.js
var plan = __webpack_require__(7772);
// EXTERNAL MODULE: ./lib/src/daemon/process.js
var daemon_process = __webpack_require__(2546);
;// CONCATENATED MODULE: ./lib/src/daemon/stop.js
// Post: takes the dedicated daemon down and removes everything it created: processes, mounts,
// NAT rules, bridges, sockets and the data root. Warns about what it could not remove.






/** Mount points under any of `dirs`, deepest first, from /proc/self/mountinfo. */
function mountsUnder(mountinfo, dirs) {
    return mountinfo
        .split('\n')
        .map((line) => (line.split(' ')[4] ?? '').replace(/\\040/g, ' '))
        .filter((point) => dirs.some((dir) => point === dir || point.startsWith(`${dir}/`)))
        .sort((a, b) => b.length - a.length);
}
/** Bridges of the daemon's networks: its own, and `br-*` links with an address in its /16. */
function bridgesOf(ipAddrOutput, bridge, net) {
    const links = new Set();
    for (const line of ipAddrOutput.split('\n')) {
        const [, name, , address] = line.split(/\s+/);
        if (!name)
            continue;
        if (name === bridge || (name.startsWith('br-') && address?.startsWith(`${net}.`)))
            links.add(name);
    }
    return [...links];
}
async function step(what, body) {
    try {
        await body();
    }
    catch (error) {
        core/* warning */.$e(`cleanup: ${what}: ${(0,errors/* errorText */.kc)(error)}`);
    }
}
async function root(argv) {
    await (0,exec/* run */.eF)((0,daemon_process/* rootArgv */.f2)(argv), { timeoutMs: 60_000 });
}
async function stopDaemon(state) {
    const { layout } = state;
    const dirs = [layout.runDir, layout.dataDir];
    const log = `${layout.runDir}/dockerd.log`;
    if ((0,external_node_fs_.existsSync)(log))
        core/* info */.pq(`dockerd log, last lines:\n${(0,external_node_fs_.readFileSync)(log, 'utf8').split('\n').slice(-15).join('\n')}`);
    await step('stop dockerd', async () => {
        if (state.pids.dockerd && !(await (0,daemon_process/* stopProcess */.g0)(state.pids.dockerd, layout.runDir, 'dockerd', 20_000))) {
            throw new Error(`pid ${state.pids.dockerd} is still running`);
        }
    });
    await step('stop containerd', async () => {
        if (state.pids.containerd &&
            !(await (0,daemon_process/* stopProcess */.g0)(state.pids.containerd, layout.runDir, 'containerd', 10_000))) {
            throw new Error(`pid ${state.pids.containerd} is still running`);
        }
    });
    await step('stop leftover processes', async () => {
        for (const pid of (0,daemon_process/* processesUsing */.uT)(layout.runDir))
            await (0,daemon_process/* stopProcess */.g0)(pid, layout.runDir, `process ${pid}`, 2_000);
    });
    await step('unmount', async () => {
        for (const point of mountsUnder((0,external_node_fs_.readFileSync)('/proc/self/mountinfo', 'utf8'), dirs)) {
            const plain = await (0,exec/* run */.eF)((0,daemon_process/* rootArgv */.f2)(['umount', point]), { allowFailure: true, timeoutMs: 30_000 });
            if (plain.exitCode !== 0)
                await root(['umount', '-l', point]);
        }
    });
    for (const rule of state.rules) {
        await step(`remove ${rule.table} ${rule.chain} rule`, () => root((0,plan/* planRule */.Al)('-D', rule)));
    }
    if (state.bridgeCreated) {
        await step('remove bridges', async () => {
            const links = await (0,exec/* run */.eF)(['ip', '-o', '-4', 'addr', 'show'], { timeoutMs: 10_000 });
            const own = await (0,exec/* run */.eF)(['ip', 'link', 'show', layout.bridge], { allowFailure: true, timeoutMs: 10_000 });
            const names = bridgesOf(links.stdout, layout.bridge, layout.net);
            if (own.exitCode === 0 && !names.includes(layout.bridge))
                names.push(layout.bridge);
            for (const name of names)
                await root(['ip', 'link', 'delete', name]);
        });
    }
    for (const dir of dirs)
        await step(`remove ${dir}`, () => root(['rm', '-rf', '--one-file-system', dir]));
    core/* info */.pq(`dedicated daemon ${layout.id} stopped and removed`);
}

// EXTERNAL MODULE: ./lib/src/install/plugin-files.js
var plugin_files = __webpack_require__(2269);
;// CONCATENATED MODULE: ./lib/src/post.js
// The post step: remove what berth created, log out, stop a daemon it started, put back the CLI plugins
// it replaced. It warns about what it could not do and never fails the job.










/**
 * Removes what main left; a container whose reports main could not copy (a cancelled or crashed run)
 * has them copied first, and is kept when that fails: nothing removes a report that is not out.
 */
async function removeContainers(names, reports) {
    const left = [];
    for (const name of names) {
        const inside = reports[name];
        if (inside) {
            try {
                const copied = await copyArtifacts(name, inside.path, inside.dest);
                core/* info */.pq(`cleanup: copied the reports of ${name} to ${copied.dir} (${copied.files} files)`);
            }
            catch (error) {
                left.push(name);
                core/* warning */.$e(`cleanup: kept container ${name}: its reports could not be copied (${(0,errors/* errorText */.kc)(error)})`);
                continue;
            }
        }
        const { removed, why } = await removeContainer(name);
        if (removed)
            continue;
        left.push(name);
        core/* warning */.$e(`cleanup: could not remove container ${name}: ${why}`);
    }
    return left;
}
/** Undoes what `state` lists; index.ts loads this step only when it lists something. */
async function post(state) {
    try {
        Object.assign(process.env, state.daemonEnv);
        const left = await removeContainers(state.containers, state.reports ?? {});
        if (left.length > 0)
            core/* warning */.$e(`cleanup: left behind on the daemon: ${left.join(', ')}`);
        for (const project of state.services ?? [])
            await stopServices(project);
        // the logins live in the job's docker config: removing it is the logout
        if (state.dockerConfig)
            (0,external_node_fs_.rmSync)(state.dockerConfig, { recursive: true, force: true });
        for (const registry of state.dockerConfig ? [] : state.logins) {
            const result = await (0,exec/* run */.eF)(planLogout(registry), { allowFailure: true, timeoutMs: 60_000 });
            if (result.exitCode !== 0)
                core/* warning */.$e(`cleanup: logout from ${registry} failed: ${result.stderr.trim()}`);
        }
        if (state.daemon)
            await stopDaemon(state.daemon);
        (0,plugin_files/* restorePlugins */.NH)(state.plugins);
    }
    catch (error) {
        core/* warning */.$e(`cleanup: ${(0,errors/* errorText */.kc)(error)}`);
    }
}

;// CONCATENATED MODULE: ./lib/src/cli/command.js
// berth as a command: `berth --image NAME --test-command CMD ...` runs the action's main step and then
// its post step in this process, with the inputs from the command line (args.ts). Nothing is handed
// through a runner's files: outputs, exported variables and post's state go to handlers of the CLI's
// own (core/report.ts's handoff); the log's workflow commands are rendered as a person reads them;
// the summary and the outputs are printed as text tables. The exit code says what kind of failure
// ended the run (results.ts).











/** The runner's file commands: unset, so that nothing berth does in this process writes a runner's file. */
const RUNNER_FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'];
/** The inputs' values, checked as the action checks them; the password's variable is gone after. */
function readSettings(values) {
    Reflect.deleteProperty(process.env, variableName('password'));
    try {
        return parseSettings((name) => (values[name] ?? '').trim(), workspace(process.env));
    }
    catch (error) {
        return (0,errors/* withKind */.hT)('input', error instanceof Error ? error : new Error(String(error)));
    }
}
/** Where main's outputs and state go, and what it exports to this process, instead of a runner's files. */
function takeHandoff() {
    const outputs = {};
    const state = new Map();
    Object.assign(core_report/* handoff */.NS, {
        setOutput: (name, value) => (outputs[name] = value),
        exportVariable: (name, value) => (process.env[name] = value),
        addPath: (folder) => (process.env.PATH = `${folder}${external_node_path_.delimiter}${process.env.PATH ?? ''}`),
        saveState: (name, value) => state.set(name, value),
    });
    return { outputs, state };
}
async function run(inputs, flags, outputsFile) {
    for (const name of RUNNER_FILES)
        Reflect.deleteProperty(process.env, name);
    const settings = readSettings(resolveInputs(flags, inputs, process.env));
    if (settings instanceof Error) {
        console.error(`berth: ${(0,errors/* errorText */.kc)(settings)}`);
        return exitCode(settings);
    }
    // in a GitHub Actions step the runner renders the workflow commands itself
    const flush = process.env.GITHUB_ACTIONS === 'true'
        ? () => undefined
        : renderStdout(new LogRenderer(process.env.RUNNER_DEBUG === '1', process.env.GITLAB_CI ? 'gitlab' : 'plain'));
    const { outputs, state } = takeHandoff();
    const { report, failure } = await main_main(settings);
    const saved = loadState((name) => state.get(name) ?? '');
    if (hasCleanup(saved))
        await post(saved);
    flush();
    console.log(`\n${summaryText(report.verdict, report.tables())}`);
    // the environment output is the Environment table above, as JSON: in the --outputs file
    const shown = Object.entries(outputs).map(([name, value]) => [
        name,
        name === 'environment' ? `JSON, ${value.length} characters` : value.split('\n').join(', '),
    ]);
    if (shown.length > 0)
        console.log(`\nOutputs\n${textTable([['output', 'value'], ...shown])}`);
    if (outputsFile)
        writeOutputs(external_node_path_.resolve(outputsFile), outputs);
    return exitCode(failure);
}
/** Runs the command line `argv`; resolves to the exit code. */
async function cli(argv) {
    const root = packageRoot();
    const inputs = readInputSpecs((0,external_node_fs_.readFileSync)(external_node_path_.join(root, 'action.yml'), 'utf8'));
    let command;
    try {
        command = parseCommand(argv, inputs);
    }
    catch (error) {
        console.error((0,errors/* errorText */.kc)(error));
        return exitCode(error);
    }
    if (command.kind === 'help')
        console.log(helpText(inputs, packageVersion(root)));
    else if (command.kind === 'version')
        console.log(packageVersion(root));
    else
        return run(inputs, command.flags, command.outputs);
    return 0;
}


/***/ }),

/***/ 9444:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Et: () => (/* binding */ uploadEntry),
/* harmony export */   a6: () => (/* binding */ streamService),
/* harmony export */   dv: () => (/* binding */ createEntry),
/* harmony export */   g4: () => (/* binding */ loadActionsCache),
/* harmony export */   ne: () => (/* binding */ streamVersion),
/* harmony export */   qI: () => (/* binding */ cacheService),
/* harmony export */   vW: () => (/* binding */ openEntry),
/* harmony export */   xw: () => (/* binding */ finalizeEntry)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4942);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7657);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1746);
// The Actions cache service, for the stage cache images (build/cache-actions.ts) and the installs
// (install/pipeline.ts). Files and folders go through @actions/cache, loaded only when used: it takes
// half a second to load, which every other run would pay.
//
// Streams go through the service's v2 protocol directly: @actions/cache only saves files it archives
// and restores them to files, so an image would be written and read three times on each side (the
// saved tar, the archive, the extracted tar) where a pull writes it once; measured on engine 28 with a
// 150 MiB layer, 2.9 s against 1.4 s for the pull. The protocol is three Twirp calls (create, finalize,
// look up) and the blob behind the URLs they sign: uploaded in blocks by the Azure SDK, as the toolkit
// does, and downloaded with one GET.





const loadActionsCache = () => Promise.all(/* import() */[__webpack_require__.e(143), __webpack_require__.e(766), __webpack_require__.e(581), __webpack_require__.e(637)]).then(__webpack_require__.bind(__webpack_require__, 6637));
/** @actions/cache where an Actions cache service is there, else undefined (without loading it). */
async function cacheService(env = process.env) {
    if (!env.ACTIONS_CACHE_URL && !env.ACTIONS_RESULTS_URL)
        return undefined;
    const cache = await loadActionsCache();
    return cache.isFeatureAvailable() ? cache : undefined;
}
/** The v2 service the runner announces (the variables @actions/cache reads), else undefined. */
function streamService(env = process.env) {
    const { ACTIONS_RESULTS_URL: url, ACTIONS_RUNTIME_TOKEN: token, ACTIONS_CACHE_SERVICE_V2: v2 } = env;
    return url && token && v2 ? { url, token } : undefined;
}
/**
 * The version of an entry: entries of another version are never matched, so neither @actions/cache's
 * archives nor another format of berth's are ever given to a reader of this one.
 */
function streamVersion(format) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(`berth stream|${format}`).digest('hex');
}
const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const client = new _actions_http_client__WEBPACK_IMPORTED_MODULE_2__/* .HttpClient */ .Qq('berth', [], { socketTimeout: 120_000 });
/** One Twirp call, JSON; 5xx and network failures tried again, as the toolkit does. */
async function twirp(env, method, request) {
    const service = streamService(env);
    if (!service)
        throw new Error('no Actions cache service (v2) here');
    const url = new URL(`${SERVICE}${method}`, service.url).href;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${service.token}` };
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .withRetries */ .LH)(async () => {
        const response = await client.post(url, JSON.stringify(request), headers);
        const body = await response.readBody();
        const status = response.message.statusCode ?? 0;
        if (status < 200 || status >= 300)
            throw new Error(`${method}: HTTP ${status} ${body.slice(0, 200)}`);
        return JSON.parse(body);
    }, { retries: 3, label: `Actions cache ${method}` });
}
/** A field of a Twirp answer, which may name it in camelCase or as the .proto does. */
function field(answer, camel, snake) {
    return String(answer[camel] ?? answer[snake] ?? '');
}
/** The entry a restore gets (the key, else each restore key as a prefix), streamed; undefined: none. */
async function openEntry(key, restoreKeys, version, env = process.env) {
    const answer = await twirp(env, 'GetCacheEntryDownloadURL', { key, restore_keys: restoreKeys, version });
    if (!answer.ok)
        return undefined;
    const url = field(answer, 'signedDownloadUrl', 'signed_download_url');
    const response = await (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .withRetries */ .LH)(async () => {
        const got = await client.get(url);
        const status = got.message.statusCode ?? 0;
        if (status === 200)
            return got;
        await got.readBody();
        throw new Error(`the cache entry's download: HTTP ${status}`);
    }, { retries: 3, label: 'Actions cache download' });
    return { key: field(answer, 'matchedKey', 'matched_key'), body: response.message };
}
/**
 * A new entry: the URL the service signs for its upload, or undefined when the key is taken (a key is
 * written once). An entry is seen only once finalized, so a failed upload leaves nothing to restore.
 */
async function createEntry(key, version, env = process.env) {
    const created = await twirp(env, 'CreateCacheEntry', { key, version });
    return created.ok ? field(created, 'signedUploadUrl', 'signed_upload_url') : undefined;
}
/** Uploads an entry's bytes from a stream, in blocks; the number of bytes. */
async function uploadEntry(url, body) {
    let size = 0;
    const counted = node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from((async function* () {
        for await (const chunk of body) {
            size += chunk.length;
            yield chunk;
        }
    })());
    const { BlockBlobClient } = await Promise.all(/* import() */[__webpack_require__.e(143), __webpack_require__.e(766)]).then(__webpack_require__.bind(__webpack_require__, 766));
    // 16 MiB blocks, 4 at a time: the toolkit's concurrency, with less held in memory than its 32 MiB
    await new BlockBlobClient(url).uploadStream(counted, 16 * 1024 * 1024, 4).catch((error) => {
        throw new Error(`the cache entry's upload: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorText */ .kc)(error)}`);
    });
    return size;
}
/** Makes an uploaded entry visible to restores. */
async function finalizeEntry(key, version, size, env = process.env) {
    const done = await twirp(env, 'FinalizeCacheEntryUpload', { key, version, size_bytes: String(size) });
    if (!done.ok)
        throw new Error(`the cache entry was not finalized: ${field(done, 'message', 'message')}`);
}


/***/ }),

/***/ 8768:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KW: () => (/* binding */ cancelled),
/* harmony export */   ZT: () => (/* binding */ cancel),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   dJ: () => (/* binding */ cancelOnSignals),
/* harmony export */   dZ: () => (/* binding */ throwIfCancelled)
/* harmony export */ });
// Cancellation: a cancelled workflow or a CI job's timeout sends SIGTERM or SIGINT; a crash beside the
// main flow (an unhandled rejection) stops the run the same way. The commands that can be given up
// (builds, pushes, pulls) are killed; the test container is stopped by its phase, which copies the
// reports written so far; main then writes the summary and fails with the reason.
const controller = new AbortController();
/** Aborted once the run is cancelled; its reason is the error main fails with. */
const cancelled = controller.signal;
class CancelledError extends Error {
    constructor(message) {
        super(message);
        this.name = 'CancelledError';
    }
}
/** Cancels the run (the first reason wins). */
function cancel(reason) {
    if (!controller.signal.aborted)
        controller.abort(new CancelledError(reason));
}
/** Throws the cancellation's error when the run was cancelled: a phase does not start then. */
function throwIfCancelled() {
    if (controller.signal.aborted)
        throw controller.signal.reason;
}
/** SIGTERM and SIGINT cancel the run instead of ending the process at once. */
function cancelOnSignals() {
    for (const signal of ['SIGTERM', 'SIGINT'])
        process.on(signal, () => cancel(`cancelled (${signal}): berth stopped what it was doing`));
}


/***/ }),

/***/ 4773:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TO: () => (/* binding */ readDockerConfig),
/* harmony export */   iR: () => (/* binding */ home),
/* harmony export */   kG: () => (/* binding */ dockerConfigDir)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
// What the docker CLI keeps and says: its own folder (config.json, contexts, cli-plugins) and the JSON
// of `docker version`. Read by detection (contexts), the installs (plugins, versions) and the registry
// client (credentials).


/** The user's home: `$HOME`, else what the system says. */
function home(env) {
    return env.HOME || (0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)();
}
/** The docker CLI's own folder (config.json, contexts, cli-plugins): `$DOCKER_CONFIG`, else `~/.docker`. */
function dockerConfigDir(env) {
    return env.DOCKER_CONFIG || node_path__WEBPACK_IMPORTED_MODULE_1__.join(home(env), '.docker');
}
/** The CLI's `config.json` (`{}` when there is none), or why it cannot be read. */
function readDockerConfig(env, files) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dockerConfigDir(env), 'config.json');
    try {
        return JSON.parse(files.read(file) ?? '{}');
    }
    catch {
        return { invalid: `${file} is not valid JSON` };
    }
}


/***/ }),

/***/ 7657:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ kindOf),
/* harmony export */   Q8: () => (/* binding */ failsAs),
/* harmony export */   fM: () => (/* binding */ lastLine),
/* harmony export */   hT: () => (/* binding */ withKind),
/* harmony export */   kc: () => (/* binding */ errorText),
/* harmony export */   w$: () => (/* binding */ lastLines)
/* harmony export */ });
// How a failure reads in one line: the message of whatever was thrown, and the last line of a
// command's output (what docker says last is almost always the reason).
/** The message of an error, or the thrown value itself as text. */
function errorText(error) {
    return error instanceof Error ? error.message : String(error);
}
/** The last line of `text` that is not blank, trimmed; empty when there is none. */
function lastLine(text) {
    return lastLines(text, 1);
}
/** The last `count` lines of `text` that are not blank, trimmed, joined with ` | `. */
function lastLines(text, count) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .slice(-count)
        .join(' | ');
}
const kinds = new WeakMap();
/** Marks `error` as a failure of `kind`, unless it is marked already (the nearest cause wins). */
function withKind(kind, error) {
    if (error instanceof Object && !kinds.has(error))
        kinds.set(error, kind);
    return error;
}
/** The kind `error` was marked with; `failed` when none. */
function kindOf(error) {
    return (error instanceof Object && kinds.get(error)) || 'failed';
}
/** Runs `work`; what it throws is marked `kind` when nothing nearer marked it. */
async function failsAs(kind, work) {
    try {
        return await work();
    }
    catch (error) {
        throw withKind(kind, error);
    }
}


/***/ }),

/***/ 1195:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   eF: () => (/* binding */ run),
/* harmony export */   pV: () => (/* binding */ endStreams)
/* harmony export */ });
/* unused harmony export CommandError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3838);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8768);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7657);
/* harmony import */ var _spawn_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4967);
// The one seam to the outside world: every docker, compose and git call goes through `run`.
// Built on child_process rather than @actions/exec because pings need a hard timeout that kills the
// child, and test output needs workflow commands switched off while it streams.





/** A command that failed, carrying the tail of its stderr so the message says why. */
class CommandError extends Error {
    argv;
    result;
    constructor(argv, result) {
        super(describeFailure(argv, result));
        this.argv = argv;
        this.result = result;
        this.name = 'CommandError';
    }
}
/** What a failure's output means, when docker's own words do not say what to do. */
const HINTS = [
    [
        /no space left on device/i,
        "the daemon's disk is full: free space (docker system prune, or berth's prune: true) or give it a bigger disk",
    ],
    [
        /Cannot connect to the Docker daemon|error during connect|error reading from server: EOF/i,
        'the daemon stopped answering (it was stopped, or it crashed)',
    ],
];
function describeFailure(argv, result) {
    const what = argv.slice(0, 2).join(' ');
    const why = result.timedOut ? 'timed out' : `exit ${result.exitCode}`;
    const output = result.stderr || result.stdout;
    const tail = (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .lastLines */ .w$)(output, 3);
    const hint = HINTS.find(([pattern]) => pattern.test(output))?.[1];
    const said = tail ? `${what} failed (${why}): ${tail}` : `${what} failed (${why})`;
    return hint ? `${said} (${hint})` : said;
}
async function run(argv, options = {}) {
    const [command, ...args] = argv;
    if (!command)
        throw new Error('run: empty command');
    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz(`run: ${argv.join(' ')}`);
    if (options.cancellable)
        (0,_cancel_js__WEBPACK_IMPORTED_MODULE_2__/* .throwIfCancelled */ .dZ)();
    const result = await collect(command, args, options);
    if (options.cancellable)
        (0,_cancel_js__WEBPACK_IMPORTED_MODULE_2__/* .throwIfCancelled */ .dZ)();
    if (result.exitCode !== 0 && !options.allowFailure)
        throw new CommandError(argv, result);
    return result;
}
/**
 * While untrusted output streams, workflow commands are stopped for the whole log, so berth's own
 * commands (a warning from work running beside a build) would be shown as text. One guard covers all
 * streams at once: child output goes straight to the log, and everything else berth writes meanwhile
 * is held and written, in order, once commands are back on.
 */
const guard = {
    streams: 0,
    token: '',
    held: [],
    /** The last streamed byte was not a newline: the resume line must start a line of its own. */
    lineOpen: false,
    /** process.stdout.write as it was, put back as it was when the last stream ends. */
    original: process.stdout.write,
    write: (text) => process.stdout.write(text),
};
function openGuard() {
    if (guard.streams++ === 0) {
        const original = process.stdout.write;
        guard.original = original;
        guard.write = (text) => original.call(process.stdout, text);
        guard.token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex');
        guard.write(`::stop-commands::${guard.token}\n`);
        process.stdout.write = ((chunk) => {
            guard.held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
            return true;
        });
    }
    return (text) => {
        if (text.length > 0)
            guard.lineOpen = !String(text).endsWith('\n');
        guard.write(text);
    };
}
/** Ends a stop-commands block that is still open (a crash while output streamed): the log works again. */
function endStreams() {
    while (guard.streams > 0)
        closeGuard();
}
function closeGuard() {
    if (--guard.streams > 0)
        return;
    process.stdout.write = guard.original;
    guard.write(`${guard.lineOpen ? '\n' : ''}::${guard.token}::\n`);
    guard.lineOpen = false;
    for (const text of guard.held.splice(0))
        guard.write(text);
}
async function collect(command, args, options) {
    const guarded = Boolean(options.stream && options.untrustedOutput);
    const show = guarded ? openGuard() : (text) => process.stdout.write(text);
    try {
        return await (0,_spawn_js__WEBPACK_IMPORTED_MODULE_4__/* .spawnCollect */ .s)(command, args, {
            ...options,
            onOutput: options.stream ? show : undefined,
            signal: options.cancellable ? _cancel_js__WEBPACK_IMPORTED_MODULE_2__/* .cancelled */ .KW : undefined,
        });
    }
    finally {
        if (guarded)
            closeGuard();
    }
}


/***/ }),

/***/ 5296:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NS: () => (/* binding */ handoff),
/* harmony export */   Tp: () => (/* binding */ background),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   hS: () => (/* binding */ counted),
/* harmony export */   pl: () => (/* binding */ Report),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3838);
/* harmony import */ var _cancel_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8768);
// What a step gives back: one log group per phase with its duration and the job summary, which a
// person reads; the outputs, variables and state that the job's later steps and post read.


/** The step's handoff: the runner's by default; the CLI replaces its handlers with `Object.assign`. */
const handoff = {
    setOutput: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value),
    exportVariable: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .exportVariable */ .dN(name, value),
    addPath: (folder) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .addPath */ .fM(folder),
    saveState: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(name, value),
};
function background(work) {
    const ended = work.then(() => Date.now(), () => Date.now());
    return { work, started: Date.now(), ended };
}
/** `1 file`, `2 files`. */
function counted(count, noun) {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
const SYMBOL = { ok: '✅', failed: '❌', skipped: '⏭️' };
/** Text as HTML shows it literally (the summary is HTML): a test name is not markup. */
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
class Report {
    phases = [];
    outcome = {};
    /** The one line the summary opens with: how the run ended, as a person reads it at a glance. */
    verdict = '';
    /** Extra summary sections (detection tables, install notes) added by the phases that know them. */
    sections = [];
    /** Runs one phase inside a log group and records how long it took and how it ended. */
    phase(name, body) {
        // a cancelled run starts no phase; the ones that report what ran (artifacts) are `finished`
        (0,_cancel_js__WEBPACK_IMPORTED_MODULE_1__/* .throwIfCancelled */ .dZ)();
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(name);
        const started = Date.now();
        return this.close(name, body, async () => Date.now() - started);
    }
    /**
     * Reports work that ran quietly beside other phases: its log group is written now, after theirs,
     * with `show` writing what the work found; its duration is the work's own.
     */
    finished(name, work, show) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .startGroup */ .Oh(name);
        const body = async () => {
            const value = await work.work;
            show(value);
            return value;
        };
        return this.close(name, body, async () => (await work.ended) - work.started);
    }
    async close(name, body, took) {
        let result = 'failed';
        try {
            const value = await body();
            result = 'ok';
            return value;
        }
        finally {
            const seconds = (await took()) / 1000;
            this.phases.push({ name, seconds, result, note: '' });
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${name}: ${result === 'ok' ? 'done' : 'failed'} in ${seconds.toFixed(1)} s`);
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .endGroup */ .N4();
        }
    }
    skip(name, why) {
        this.phases.push({ name, seconds: 0, result: 'skipped', note: why });
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${name}: skipped, ${why}`);
    }
    /** Adds a note to the last record of a phase (a cache ratio, a test exit code), and may mark it failed. */
    note(name, note, result) {
        const record = [...this.phases].reverse().find((phase) => phase.name === name);
        if (!record)
            return;
        record.note = note;
        if (result)
            record.result = result;
    }
    /**
     * The summary's tables in plain text, each with its heading ('' for none), the header row first: the
     * phases, the facts, the sections the phases added, the tags pushed.
     */
    tables() {
        const phases = this.phases.map((phase) => [
            phase.name,
            `${phase.seconds.toFixed(1)} s`,
            `${SYMBOL[phase.result]} ${phase.result}`,
            phase.note,
        ]);
        const tables = [
            { heading: '', rows: [['phase', 'duration', 'result', 'note'], ...phases] },
        ];
        const facts = this.facts();
        if (facts.length > 0)
            tables.push({ heading: '', rows: [['what', 'value'], ...facts] });
        tables.push(...this.sections);
        if (this.outcome.pushed?.length)
            tables.push({ heading: 'Tags pushed', rows: [['tag'], ...this.outcome.pushed.map((tag) => [tag])] });
        return tables;
    }
    /** The job summary as HTML, where a runner shows it (GITHUB_STEP_SUMMARY); every cell is text. */
    async writeSummary() {
        if (!process.env.GITHUB_STEP_SUMMARY)
            return;
        const summary = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addHeading('berth', 2);
        if (this.verdict)
            summary.addRaw(`<p><strong>${escapeHtml(this.verdict)}</strong></p>`, true);
        for (const { heading, rows } of this.tables()) {
            const [header = [], ...body] = rows.map((row) => row.map(escapeHtml));
            if (heading)
                summary.addHeading(heading, 3);
            summary.addTable([header.map((data) => ({ data, header: true })), ...body]);
        }
        await summary.write();
    }
    facts() {
        const { image, imageId, cacheHits, digest, testExitCode, artifacts, pushed } = this.outcome;
        const rows = [];
        if (image)
            rows.push(['image', image]);
        if (imageId)
            rows.push(['image id', imageId]);
        if (cacheHits)
            rows.push(['cache hits', cacheHits]);
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
        if (pushed)
            rows.push(['pushed', pushed.length > 0 ? `${pushed.length} tags` : 'nothing']);
        if (digest)
            rows.push(['digest', digest]);
        return rows;
    }
}


/***/ }),

/***/ 1746:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LH: () => (/* binding */ withRetries),
/* harmony export */   jo: () => (/* binding */ backoffMs),
/* harmony export */   v7: () => (/* binding */ pause)
/* harmony export */ });
/* unused harmony export isTransient */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3838);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7657);
// Retry policy for registry traffic: transient failures (network, 5xx, rate limits) are tried again
// with exponential backoff; refusals (auth, unknown name) fail at once.


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
function isTransient(message) {
    if (PERMANENT.some((pattern) => pattern.test(message)))
        return false;
    return TRANSIENT.some((pattern) => pattern.test(message));
}
/** Delay before attempt `attempt + 1`, in ms: 1 s, 2 s, 4 s ... capped at 30 s. */
function backoffMs(attempt, baseMs = 1000) {
    return Math.min(baseMs * 2 ** attempt, 30_000);
}
/** Waits `ms` milliseconds. */
function pause(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
async function withRetries(attempt, policy) {
    const sleep = policy.sleep ?? pause;
    for (let tried = 0;; tried++) {
        try {
            return await attempt();
        }
        catch (error) {
            const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(error);
            if (tried >= policy.retries || !isTransient(message))
                throw error;
            const delay = backoffMs(tried, policy.baseMs);
            if (policy.until !== undefined && Date.now() + delay >= policy.until)
                throw error;
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`${policy.label}: ${message}; retry ${tried + 1}/${policy.retries} in ${delay / 1000} s`);
            await sleep(delay);
        }
    }
}


/***/ }),

/***/ 4967:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ spawnCollect)
/* harmony export */ });
/* unused harmony export BACKGROUND_NICENESS */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6466);
// Starts a command and collects what it prints. No package: index.ts starts commands through it before
// a step's code loads (early.ts). exec.ts adds logging, streaming and failures on top.



/**
 * The priority (niceness) of the questions berth asks beside the work a run waits for: the builder's
 * while a re-run pulls and tests, the daemon checks while the tests run. Each docker client start is
 * 0.05 to 0.15 s of a core on engine 28 (`docker info` and `docker buildx` also start every CLI
 * plugin), and on a runner's two cores they took the CPU from the pull and the tests.
 */
const BACKGROUND_NICENESS = 10;
/** Never rejects: a command that cannot start exits 127 with the reason in stderr. */
function spawnCollect(command, args, options) {
    return new Promise((resolve) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, {
            cwd: options.cwd,
            env: { ...process.env, ...options.env },
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        // set before the client starts its plugins, which inherit it
        if (options.background && child.pid !== undefined) {
            try {
                (0,node_os__WEBPACK_IMPORTED_MODULE_1__.setPriority)(child.pid, BACKGROUND_NICENESS);
            }
            catch {
                // a system that refuses it runs the command at the usual priority
            }
        }
        const out = [];
        const err = [];
        let timedOut = false;
        const timer = options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = true;
                child.kill('SIGKILL');
            }, options.timeoutMs);
        // a failure of the stream fed in or of the one taking stdout ends the command and is its error
        let streamError;
        const failed = (error) => {
            streamError ??= error;
            child.kill('SIGKILL');
        };
        const consumed = options.output?.(child.stdout).catch(failed);
        if (!options.output)
            child.stdout.on('data', (chunk) => {
                out.push(chunk);
                options.onOutput?.(chunk);
            });
        child.stderr.on('data', (chunk) => {
            err.push(chunk);
            options.onOutput?.(chunk);
        });
        let finished = false;
        const finish = (exitCode, spawnError) => {
            if (finished)
                return;
            finished = true;
            if (timer)
                clearTimeout(timer);
            // stdout's taker may still be at work (the last blocks of an upload): its end is the run's end
            const report = () => {
                const failure = spawnError ?? streamError;
                const stderr = Buffer.concat(err).toString('utf8') + (failure ? failure.message : '');
                const code = streamError && exitCode === 0 ? 1 : exitCode;
                resolve({ exitCode: code, stdout: Buffer.concat(out).toString('utf8'), stderr, timedOut });
            };
            Promise.resolve(consumed).then(report, report);
        };
        const abort = () => {
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        };
        if (options.signal?.aborted)
            abort();
        options.signal?.addEventListener('abort', abort, { once: true });
        child.on('close', () => options.signal?.removeEventListener('abort', abort));
        child.on('error', (error) => finish(127, error));
        child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
        child.stdin.on('error', () => undefined);
        if (options.input)
            (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(options.input, child.stdin).catch(failed);
        else
            child.stdin.end(options.stdin ?? '');
    });
}


/***/ }),

/***/ 7772:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Al: () => (/* binding */ planRule),
/* harmony export */   EU: () => (/* binding */ planFirewall),
/* harmony export */   WZ: () => (/* binding */ planBridgeUp),
/* harmony export */   aK: () => (/* binding */ chooseDataParent),
/* harmony export */   g3: () => (/* binding */ planDaemonConfig),
/* harmony export */   tg: () => (/* binding */ planContainerdConfig),
/* harmony export */   u: () => (/* binding */ planLayout),
/* harmony export */   z8: () => (/* binding */ chooseNet)
/* harmony export */ });
/* unused harmony export deepMerge */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
// The dedicated daemon, planned: where its files go, which addresses it takes, its daemon.json and
// containerd config, and the commands that set up and take down its bridge and NAT rules.

function planLayout(id, runParent, dataParent, net) {
    const runDir = node_path__WEBPACK_IMPORTED_MODULE_0__.join(runParent, `berth-${id}`);
    return {
        id,
        runDir,
        dataDir: node_path__WEBPACK_IMPORTED_MODULE_0__.join(dataParent, `berth-${id}-data`),
        socket: node_path__WEBPACK_IMPORTED_MODULE_0__.join(runDir, 'docker.sock'),
        containerdSocket: node_path__WEBPACK_IMPORTED_MODULE_0__.join(runDir, 'containerd.sock'),
        bridge: `berth-${id}`,
        net,
    };
}
/** The candidate folder with the most free bytes; the first one on a tie. */
function chooseDataParent(candidates) {
    const best = candidates.reduce((chosen, candidate) => (!chosen || candidate.free > chosen.free ? candidate : chosen), undefined);
    if (!best)
        throw new Error('daemon: no folder to put the data root in');
    return best.path;
}
function range(cidr) {
    const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(cidr);
    if (!match)
        return undefined;
    const [a, b, c, d] = match.slice(1, 5).map(Number);
    const bits = match[5] === undefined ? 32 : Number(match[5]);
    const start = (((a << 24) >>> 0) + (b << 16) + (c << 8) + d) >>> 0;
    const size = 2 ** (32 - bits);
    const base = start - (start % size);
    return [base, base + size - 1];
}
/** The first `10.N` /16 (N from 100 to 199) that overlaps no address or route in use. */
function chooseNet(inUse) {
    const used = inUse.flatMap((cidr) => {
        const found = range(cidr);
        return found ? [found] : [];
    });
    for (let second = 100; second < 200; second++) {
        const [start, end] = range(`10.${second}.0.0/16`);
        if (!used.some(([from, to]) => from <= end && to >= start))
            return `10.${second}`;
    }
    throw new Error('daemon: every 10.100-10.199 /16 is in use; set bridge addresses in daemon-config');
}
/** Keys berth sets for its own bookkeeping; daemon-config may not change them. */
const OWNED = ['data-root', 'exec-root', 'pidfile', 'hosts', 'containerd', 'bridge', 'bip'];
const OWNED_TLS = ['tls', 'tlsverify', 'tlscacert', 'tlscert', 'tlskey'];
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Objects merge key by key, at every depth; arrays and scalars from `over` replace. */
function deepMerge(base, over) {
    const merged = { ...base };
    for (const [key, value] of Object.entries(over)) {
        const current = merged[key];
        merged[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
    }
    return merged;
}
function planDaemonConfig(layout, userConfig, tls, dockerMajor) {
    for (const key of [...OWNED, ...OWNED_TLS]) {
        if (key in userConfig) {
            throw new Error(`daemon-config: '${key}' is set by berth for the dedicated daemon; leave it out`);
        }
    }
    const base = {
        'data-root': node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.dataDir, 'docker'),
        'exec-root': node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.runDir, 'exec'),
        pidfile: node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.runDir, 'dockerd.pid'),
        hosts: [`unix://${layout.socket}`, ...(tls ? [`tcp://127.0.0.1:${tls.port}`] : [])],
        containerd: layout.containerdSocket,
        bridge: layout.bridge,
        'default-address-pools': [{ base: `${layout.net}.0.0/17`, size: 24 }],
        iptables: false,
        'shutdown-timeout': 5,
        // Before 23.0 dockerd writes a trust key to /etc/docker unless told otherwise.
        ...(dockerMajor > 0 && dockerMajor < 23
            ? { 'deprecated-key-path': node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.runDir, 'key.json') }
            : {}),
        ...(tls ? { tlsverify: true, tlscacert: tls.ca, tlscert: tls.cert, tlskey: tls.key } : {}),
    };
    const merged = deepMerge(base, userConfig);
    // dockerd 27 and later write ip6tables rules by default, even with iptables off (known since 20.10)
    if (merged.iptables === false && !('ip6tables' in userConfig) && dockerMajor >= 20)
        merged.ip6tables = false;
    return merged;
}
/** A containerd of its own: dockerd would otherwise adopt a system containerd's socket if there is one. */
function planContainerdConfig(layout) {
    const data = node_path__WEBPACK_IMPORTED_MODULE_0__.join(layout.dataDir, 'containerd');
    return [
        'version = 2',
        `root = "${data}/root"`,
        `state = "${layout.runDir}/containerd"`,
        'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
        '[grpc]',
        `  address = "${layout.containerdSocket}"`,
        '[plugins."io.containerd.internal.v1.opt"]',
        `  path = "${data}/opt"`,
        '',
    ].join('\n');
}
function planBridgeUp(layout) {
    return [
        ['ip', 'link', 'add', layout.bridge, 'type', 'bridge'],
        ['ip', 'addr', 'add', `${layout.net}.255.1/24`, 'dev', layout.bridge],
        ['ip', 'link', 'set', layout.bridge, 'up'],
    ];
}
/**
 * With `iptables: false` dockerd leaves the firewall alone (one that manages it rewrites the DOCKER
 * chains another daemon relies on), so berth adds NAT and forwarding for the daemon's own /16.
 */
function planFirewall(layout, config) {
    if (config.iptables !== false)
        return [];
    const own = `${layout.net}.0.0/16`;
    const tag = ['-m', 'comment', '--comment', `berth-${layout.id}`];
    return [
        { table: 'nat', chain: 'POSTROUTING', spec: ['-s', own, '!', '-d', own, ...tag, '-j', 'MASQUERADE'] },
        { table: 'filter', chain: 'FORWARD', spec: ['-s', own, ...tag, '-j', 'ACCEPT'] },
        {
            table: 'filter',
            chain: 'FORWARD',
            spec: ['-d', own, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', ...tag, '-j', 'ACCEPT'],
        },
    ];
}
function planRule(action, rule) {
    return ['iptables', '-t', rule.table, action, rule.chain, ...rule.spec];
}


/***/ }),

/***/ 2546:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f2: () => (/* binding */ rootArgv),
/* harmony export */   g0: () => (/* binding */ stopProcess),
/* harmony export */   tG: () => (/* binding */ startDetached),
/* harmony export */   uT: () => (/* binding */ processesUsing),
/* harmony export */   yV: () => (/* binding */ alive)
/* harmony export */ });
/* unused harmony export asRoot */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3838);
/* harmony import */ var _core_exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1195);
/* harmony import */ var _core_retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1746);
// Long-running processes the dedicated daemon needs (containerd, dockerd): started detached with
// their output in a log file, so the step can end while they run; found again and stopped by pid.





/** Runs as root already, or through `sudo -n` (keeping PATH, which sudo would reset). */
function asRoot(argv, uid, pathValue) {
    return uid === 0 ? [...argv] : ['sudo', '-n', 'env', `PATH=${pathValue}`, ...argv];
}
function rootArgv(argv) {
    return asRoot(argv, process.getuid?.() ?? 0, process.env.PATH ?? '');
}
/** Starts `argv` in a session of its own, stdout and stderr to `logFile`; returns its pid. */
function startDetached(argv, logFile) {
    const [command, ...args] = rootArgv(argv);
    if (!command)
        throw new Error('startDetached: empty command');
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .debug */ .Yz(`start: ${argv.join(' ')}`);
    const log = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(logFile, 'a');
    try {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, { detached: true, stdio: ['ignore', log, log] });
        if (child.pid === undefined)
            throw new Error(`could not start ${command}`);
        child.unref();
        return child.pid;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(log);
    }
}
/** The process exists and is not a zombie. */
function alive(pid) {
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    }
    catch {
        return false;
    }
}
function cmdline(pid) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    }
    catch {
        return '';
    }
}
/** Live processes whose command line names `dir`: berth's daemons and the shims they started. */
function processesUsing(dir) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .map(Number)
        .filter((pid) => pid !== process.pid && cmdline(pid).includes(`${dir}/`) && alive(pid));
}
async function waitGone(pid, ms) {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await (0,_core_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .pause */ .v7)(200)) {
        if (!alive(pid))
            return true;
    }
    return !alive(pid);
}
async function signal(pid, name) {
    await (0,_core_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .run */ .eF)(rootArgv(['kill', `-${name}`, String(pid)]), { allowFailure: true, timeoutMs: 10_000 });
}
/**
 * TERM, wait, KILL: only when the pid still belongs to a process that names `dir` (a pid can be
 * reused). Returns false when it would not go.
 */
async function stopProcess(pid, dir, name, graceMs) {
    if (!alive(pid) || !cmdline(pid).includes(`${dir}/`))
        return true;
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`stopping ${name} (pid ${pid})`);
    await signal(pid, 'TERM');
    if (await waitGone(pid, graceMs))
        return true;
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`cleanup: ${name} (pid ${pid}) ignored TERM for ${graceMs / 1000} s; killing it`);
    await signal(pid, 'KILL');
    return waitGone(pid, 5_000);
}


/***/ }),

/***/ 2269:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F1: () => (/* binding */ placePlugin),
/* harmony export */   NH: () => (/* binding */ restorePlugins),
/* harmony export */   fn: () => (/* binding */ pluginDir)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3838);
/* harmony import */ var _core_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4773);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7657);
// Plugin files in the docker CLI's plugin folder: placing one keeps the file it replaces aside, and
// post puts those back. Kept apart from the download pipeline (plugins.ts), which post never needs.





function pluginDir(env) {
    return node_path__WEBPACK_IMPORTED_MODULE_1__.join((0,_core_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .dockerConfigDir */ .kG)(env), 'cli-plugins');
}
function placePlugin(source, target) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(target), { recursive: true });
    let backup;
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(target)) {
        backup = `${target}.berth-backup`;
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(target, backup);
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.copyFileSync)(source, target);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(target, 0o755);
    return { file: target, backup };
}
/** Post: removes the plugin files berth wrote and puts back the ones they replaced. */
function restorePlugins(records) {
    for (const { file, backup } of [...records].reverse()) {
        try {
            if (backup && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(backup))
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(backup, file);
            else
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(file, { force: true });
        }
        catch (error) {
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`cleanup: could not restore ${file}: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorText */ .kc)(error)}`);
        }
    }
}


/***/ })

};
