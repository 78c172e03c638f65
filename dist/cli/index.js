import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 481:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");

/***/ }),

/***/ 136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 723:
/***/ ((__webpack_module__, __webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Df: () => (/* binding */ readFileCommands),
/* harmony export */   We: () => (/* binding */ parseArguments),
/* harmony export */   g5: () => (/* binding */ summaryText)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(24);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(760);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(136);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(481);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(661);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(881);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(657);
// berth outside a CI: `berth --image NAME --test-command CMD ...` runs the action's main and post steps
// the way a runner would (inputs in INPUT_*, file commands in a temporary folder) and prints the
// outputs and the summary as text. Each `--name value` is an input of action.yml.









const USAGE = `usage: berth [--input-name value ...]\ninputs: ${_inputs_js__WEBPACK_IMPORTED_MODULE_6__/* .INPUT_NAMES */ .Qh.join(', ')}`;
function parseArguments(argv) {
    const inputs = {};
    for (let index = 0; index < argv.length; index += 2) {
        const flag = argv[index] ?? '';
        const name = flag.replace(/^--/, '');
        if (!flag.startsWith('--') || !_inputs_js__WEBPACK_IMPORTED_MODULE_6__/* .INPUT_NAMES */ .Qh.includes(name)) {
            throw new Error(`berth: '${flag}' is not an input\n${USAGE}`);
        }
        const value = argv[index + 1];
        if (value === undefined)
            throw new Error(`berth: ${flag} needs a value`);
        inputs[name] = value;
    }
    return inputs;
}
/** Reads GITHUB_OUTPUT and GITHUB_STATE style files: `name<<DELIMITER` blocks. */
function readFileCommands(text) {
    const values = {};
    const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
    for (const match of text.matchAll(pattern))
        if (match[1])
            values[match[1]] = match[3] ?? '';
    return values;
}
/** The job summary's HTML tables and lists as plain text. */
function summaryText(html) {
    return html
        .replace(/<h\d>(.*?)<\/h\d>/g, '\n$1\n')
        .replace(/<tr>(.*?)<\/tr>/g, (_, row) => `${row.replace(/<\/t[dh]><t[dh]>/g, ' | ').replace(/<[^>]+>/g, '')}\n`)
        .replace(/<li>(.*?)<\/li>/g, '- $1\n')
        .replace(/<[^>]+>/g, '')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
}
/** Runs one step of the bundle, rendering its output as a runner would; resolves to its exit code. */
function step(bundle, env, renderer) {
    return new Promise((resolve) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        (0,node_readline__WEBPACK_IMPORTED_MODULE_5__.createInterface)({ input: child.stdout }).on('line', (line) => {
            const shown = renderer.line(line);
            if (shown !== undefined)
                console.log(shown);
        });
        child.on('close', (code) => resolve(code ?? 1));
    });
}
async function main() {
    let inputs;
    try {
        inputs = parseArguments(process.argv.slice(2));
    }
    catch (error) {
        console.error((0,_core_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorText */ .kc)(error));
        return 2;
    }
    const bundle = node_path__WEBPACK_IMPORTED_MODULE_3__.join(node_path__WEBPACK_IMPORTED_MODULE_3__.dirname((0,node_url__WEBPACK_IMPORTED_MODULE_4__.fileURLToPath)(import.meta.url)), '..', 'index.js');
    const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdtempSync)(node_path__WEBPACK_IMPORTED_MODULE_3__.join((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'berth-cli-'));
    const file = (name) => node_path__WEBPACK_IMPORTED_MODULE_3__.join(dir, name);
    for (const name of ['output', 'env', 'state', 'summary', 'path'])
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(file(name), '');
    const env = {
        ...process.env,
        GITHUB_WORKSPACE: process.env.GITHUB_WORKSPACE ?? process.cwd(),
        GITHUB_OUTPUT: file('output'),
        GITHUB_ENV: file('env'),
        GITHUB_STATE: file('state'),
        GITHUB_STEP_SUMMARY: file('summary'),
        GITHUB_PATH: file('path'),
        RUNNER_TEMP: dir,
        ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    };
    try {
        const renderer = new _log_js__WEBPACK_IMPORTED_MODULE_8__/* .LogRenderer */ .o(process.env.RUNNER_DEBUG === '1');
        const status = await step(bundle, env, renderer);
        const state = readFileCommands((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file('state'), 'utf8'));
        const exported = readFileCommands((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file('env'), 'utf8'));
        const postEnv = {
            ...env,
            ...exported,
            ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
        };
        await step(bundle, postEnv, renderer);
        const outputs = readFileCommands((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file('output'), 'utf8'));
        console.log('\nOutputs');
        for (const [name, value] of Object.entries(outputs))
            console.log(`  ${name}: ${value.replace(/\n/g, ', ')}`);
        console.log(`\n${summaryText((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file('summary'), 'utf8'))}`);
        return status;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(dir, { recursive: true, force: true });
    }
}
// Run only as the program, not when a test imports the parsers above.
if (process.argv[1] && import.meta.url === (0,node_url__WEBPACK_IMPORTED_MODULE_4__.pathToFileURL)(process.argv[1]).href)
    process.exitCode = await main();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 661:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ LogRenderer)
/* harmony export */ });
// What a runner does with a step's workflow commands, for berth's CLI: groups become headings, errors
// and warnings are labelled, debug lines are shown only with RUNNER_DEBUG=1, masked values are hidden
// from every later line, and nothing is interpreted between ::stop-commands:: and its token.
class LogRenderer {
    debug;
    masks = [];
    stopToken = '';
    constructor(debug) {
        this.debug = debug;
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
        const [, name, value = ''] = command;
        switch (name) {
            case 'add-mask':
                if (value)
                    this.masks.push(value);
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
    mask(text) {
        return this.masks.reduce((line, secret) => line.split(secret).join('***'), text);
    }
}


/***/ }),

/***/ 657:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   kc: () => (/* binding */ errorText)
/* harmony export */ });
/* unused harmony exports lastLine, lastLines */
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


/***/ }),

/***/ 881:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Qh: () => (/* binding */ INPUT_NAMES)
});

// UNUSED EXPORTS: envInputs, parseSettings, testCommands, workspace

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
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
function image_ref_parseRepository(input) {
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
function image_ref_isValidTag(tag) {
    return TAG.test(tag);
}
/** Turns any text (a branch name) into a valid tag: invalid characters become '-', 128 at most. */
function image_ref_toTag(text) {
    const cleaned = text
        .replace(/[^A-Za-z0-9_.-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 128)
        .replace(/[.-]+$/, '');
    return cleaned || 'untagged';
}
/** Splits `name:tag` into its parts; the tag is undefined when there is none. */
function image_ref_splitReference(reference) {
    const slash = reference.lastIndexOf('/');
    const colon = reference.lastIndexOf(':');
    if (colon > slash)
        return { name: reference.slice(0, colon), tag: reference.slice(colon + 1) };
    return { name: reference, tag: undefined };
}
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Parses `name[:tag][@sha256:...]`; returns an error text naming the problem. */
function image_ref_parseReference(input) {
    const text = input.trim();
    const at = text.indexOf('@');
    const digest = at >= 0 ? text.slice(at + 1) : undefined;
    if (digest !== undefined && !DIGEST.test(digest))
        return `has an invalid digest '${digest}' (sha256:<64 hex>)`;
    const { name, tag } = image_ref_splitReference(at >= 0 ? text.slice(0, at) : text);
    if (tag !== undefined && !image_ref_isValidTag(tag))
        return `has an invalid tag '${tag}'`;
    const repository = image_ref_parseRepository(name);
    if (typeof repository === 'string')
        return repository;
    return { repository, tag, digest };
}
/** Whether `host` is a registry host: a name or address, with a port or not. */
function image_ref_isRegistryHostName(host) {
    return HOST.test(host);
}

;// CONCATENATED MODULE: ./lib/src/core/input-values.js
// Input values: how every input is split and checked, with one form of error: the input's name, what
// is wrong, and what a valid value looks like. The KeyValue type also travels with the settings.
/**
 * An error about one input: `name: problem`, on one line whatever the value it quotes holds (a line
 * break or another control character is shown escaped, as `\n`).
 */
function input_values_inputError(name, problem) {
    // eslint-disable-next-line no-control-regex
    const shown = problem.replace(/[\x00-\x1f\x7f]/g, (char) => char === '\n' ? '\\n' : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return new Error(`${name}: ${shown}`);
}
/** One item a line; blank lines and `#` comments ignored. */
function input_values_lines(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
}
/**
 * One item a line or a comma, as the docker actions take lists (`edge,nightly`); a comma inside a
 * `{{ }}` template belongs to it. Blank items and `#` comment lines ignored.
 */
function input_values_items(text) {
    return input_values_lines(text).flatMap((line) => (line.match(/(?:\{\{.*?\}\}|[^,])+/g) ?? []).map((item) => item.trim()).filter(Boolean));
}
const ENV_KEYS = { pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, words: "letters, digits and '_'" };
/** Label keys: `org.opencontainers.image.title`, `com.example/team`. */
const input_values_LABEL_KEYS = {
    pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
    words: "letters, digits, '.', '_', '/', '-'",
};
/**
 * Parses `KEY=VALUE` lines. The error names the input and the line but never repeats the value,
 * which may be a secret.
 */
function input_values_parseKeyValues(input, text, keys = ENV_KEYS) {
    const seen = new Set();
    return text
        .split(/\r?\n/)
        .map((raw, index) => ({ raw: raw.trim(), number: index + 1 }))
        .filter(({ raw }) => raw && !raw.startsWith('#'))
        .map(({ raw, number }) => {
        const equals = raw.indexOf('=');
        const key = equals > 0 ? raw.slice(0, equals).trim() : '';
        if (!keys.pattern.test(key)) {
            throw input_values_inputError(input, `line ${number} is not KEY=VALUE with KEY of ${keys.words}`);
        }
        if (seen.has(key))
            throw input_values_inputError(input, `${key} is given twice`);
        seen.add(key);
        return { key, value: raw.slice(equals + 1) };
    });
}
/** One of `allowed` (case-insensitive); `fallback` when empty. */
function input_values_oneOf(name, value, allowed, fallback) {
    if (value === '')
        return fallback;
    const found = allowed.find((option) => option === value.toLowerCase());
    if (found === undefined)
        throw input_values_inputError(name, `'${value}' is not one of ${allowed.join(', ')}`);
    return found;
}
/** `true` or `false`; `fallback` when empty. */
function input_values_flag(name, value, fallback) {
    return input_values_oneOf(name, value, ['true', 'false'], fallback ? 'true' : 'false') === 'true';
}
/** A whole number from 0 to `max`. */
function input_values_wholeNumber(name, value, max) {
    if (!/^\d+$/.test(value) || Number(value) > max) {
        throw input_values_inputError(name, `'${value}' is not a whole number from 0 to ${max}`);
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
function input_values_size(name, value) {
    const bytes = parseSize(value);
    if (bytes === undefined)
        throw input_values_inputError(name, `'${value}' is not a size such as 2GiB, 500MB or 0`);
    return bytes;
}
const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
/** `27.3.1`, `v27.3.1` and `docker-v29.0.0` all mean `27.3.1`; `latest` where allowed; empty stays empty. */
function input_values_version(name, value, allowLatest) {
    if (value === '')
        return '';
    if (allowLatest && value.toLowerCase() === 'latest')
        return 'latest';
    const bare = value.replace(/^(docker-)?v/i, '');
    if (!VERSION.test(bare)) {
        const valid = allowLatest ? 'X.Y.Z (e.g. 27.3.1), vX.Y.Z or latest' : 'X.Y.Z (e.g. 2.29.7) or vX.Y.Z';
        throw input_values_inputError(name, `'${value}' is not a version: use ${valid}`);
    }
    return bare;
}
/** 64 hex digits (a `sha256:` prefix allowed), lower-cased; empty stays empty. */
function input_values_sha256(name, value) {
    if (value === '')
        return '';
    const hex = value.replace(/^sha256:/i, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hex))
        throw input_values_inputError(name, 'is not a sha256: use 64 hex digits');
    return hex;
}
const DURATION_UNITS = { s: 1000, m: 60_000, h: 3_600_000 };
/** `90s`, `15m`, `1h30m`, `0` (none): milliseconds; `fallback` when empty. */
function input_values_duration(name, value, fallback) {
    if (value === '')
        return fallback;
    if (value === '0')
        return 0;
    const parts = [...value.matchAll(/(\d+)([smh])/g)];
    if (!/^(\d+[smh])+$/.test(value) || parts.length === 0)
        throw input_values_inputError(name, `'${value}' is not a duration such as 90s, 15m, 1h30m or 0`);
    const ms = parts.reduce((sum, [, count, unit]) => sum + Number(count) * (DURATION_UNITS[unit ?? 's'] ?? 0), 0);
    // timers hold 2^31 - 1 ms (about 24 days): a week is the most a CI step can mean
    if (ms > 7 * 24 * 3_600_000)
        throw input_values_inputError(name, `'${value}' is longer than a week (168h)`);
    return ms;
}
/** One line of text with no control character (a user name, a host): what can be echoed safely. */
function input_values_oneLine(name, value) {
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(value))
        throw input_values_inputError(name, 'has a line break or another control character');
    return value;
}
/** A value that will stand in a command line where docker has no `--`: it may not look like an option. */
function input_values_notOption(name, value) {
    if (value.startsWith('-'))
        throw input_values_inputError(name, `'${value}' starts with '-', as an option would`);
    return value;
}
/** An http(s) URL without a trailing slash; `fallback` when empty. */
function input_values_url(name, value, fallback) {
    const text = (value || fallback).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(text))
        throw input_values_inputError(name, `'${value}' is not a URL: use http(s)://host/path`);
    return text;
}
/** A JSON object; `{}` when empty. The error never repeats the value. */
function input_values_jsonObject(name, value) {
    if (value === '')
        return {};
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch {
        throw input_values_inputError(name, 'is not valid JSON: use an object such as {"debug": true}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw input_values_inputError(name, 'must be a JSON object such as {"debug": true}');
    }
    return parsed;
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
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
        parts.push(createHash('sha256').update(changed.join('')).digest('hex').slice(0, 8));
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
/** `no-cache`: auto rebuilds everything, pulling newer bases, on scheduled runs only. */
function noCacheFlags(mode, event) {
    if (mode === 'true')
        return { noCache: true, pull: false };
    if (mode === 'auto' && event === 'schedule')
        return { noCache: true, pull: true };
    return { noCache: false, pull: false };
}
/** `cache` left empty: the registry, unless berth may never push there and the Actions cache is at hand. */
function cache_plan_resolveCacheMode(input, push, env) {
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
function buildxCacheTo(ref) {
    return `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`;
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
const STORAGE_DRIVERS = (/* unused pure expression or super */ null && (['overlay2', 'fuse-overlayfs', 'btrfs', 'zfs', 'vfs']));
function settings_parseInstallSettings(read) {
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

;// CONCATENATED MODULE: ./lib/src/registry/credentials.js
// Which registries berth logs in to: `registry`/`username`/`password`, the `logins` list, and where
// none names a registry berth uses, the CI's own conventions (GitLab's CI_REGISTRY variables; CircleCI's
// DOCKER_LOGIN/DOCKER_PASSWORD of its docker orb). Read with the inputs, before main's code loads:
// this module loads no package.



const KEYS = (/* unused pure expression or super */ null && (['registry', 'username', 'password']));
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
function credentials_parseLogins(text) {
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
function credentials_ciLogins(env, used, given) {
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
function credentials_registriesUsed(image, entries) {
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
function settings_parsePublishSettings(read, image, env) {
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
const INPUT_NAMES = [
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
    'test-timeout',
    'push-timeout',
    'test-reports',
    'compose-file',
    'compose-services',
    'compose-timeout',
];
/** Inputs as a runner passes them: `INPUT_<NAME>` with spaces as `_`, upper-cased (as `core.getInput`). */
function envInputs(env) {
    return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
/** The job's folder. CircleCI gives its working directory as `~/project`, so `~` is expanded here. */
function workspace(env) {
    const circle = env.CIRCLE_WORKING_DIRECTORY?.replace(/^~(?=\/|$)/, homedir());
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
    if (path.isAbsolute(glob) || glob.split('/').includes('..'))
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
        const file = path.resolve(workspace, entry);
        const roots = [workspace, env.RUNNER_TEMP].filter((root) => Boolean(root));
        if (!roots.some((root) => inside(file, root)))
            throw inputError('compose-file', `'${entry}' is outside the workspace: use a path inside the repository`);
        if (!existsSync(file))
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
    const dest = path.resolve(workspace, value || 'berth-artifacts');
    const roots = [workspace, env.RUNNER_TEMP].filter((root) => Boolean(root));
    const real = realPathOfExisting(dest);
    if (!roots.some((root) => inside(dest, root) && inside(real, realPathOfExisting(root)))) {
        throw inputError('artifacts-dest', `'${value}' is not inside the workspace or the runner's temp dir (links followed): use a relative path such as reports`);
    }
    return dest;
}
/** Whether `file` is `root` or below it (`..reports` is below; `../reports` is not). */
function inside(file, root) {
    const relative = path.relative(root, file);
    return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
/** The real path of `file`'s deepest existing ancestor, with the rest of `file` after it. */
function realPathOfExisting(file) {
    let existing = file;
    while (!existsSync(existing) && path.dirname(existing) !== existing)
        existing = path.dirname(existing);
    return path.join(realpathSync(existing), path.relative(existing, file));
}
/**
 * The build's context and Dockerfile: both there; a Dockerfile given inside the workspace, the context
 * or the runner's temp dir (where an earlier step may have written one).
 */
function buildPaths(read, workspace, env) {
    const context = path.resolve(workspace, read('context') || '.');
    const file = read('file') ? path.resolve(workspace, read('file')) : path.join(context, 'Dockerfile');
    if (!existsSync(context))
        throw inputError('context', `'${read('context') || '.'}' does not exist`);
    const roots = [workspace, context, env.RUNNER_TEMP].filter((root) => Boolean(root));
    if (read('file') && !roots.some((root) => inside(file, root)))
        throw inputError('file', `'${read('file')}' is outside the workspace, the context and the runner's temp dir: use a path inside the repository`);
    if (!existsSync(file))
        throw inputError('file', `'${path.relative(workspace, file)}' does not exist: set file to the Dockerfile's path`);
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
        : { context: workspace, file: path.join(workspace, 'Dockerfile') };
    const artifactsPath = read('artifacts-path') || '/artifacts';
    if (!artifactsPath.startsWith('/')) {
        throw inputError('artifacts-path', `'${artifactsPath}' must be an absolute path inside the container`);
    }
    const publish = parsePublishSettings(read, image, env);
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
            retries: publish.retries,
            labels: parseKeyValues('labels', read('labels'), LABEL_KEYS),
            cacheKey: cacheKey(read('cache-key')),
            cacheRepository: cacheRepository(read('cache-repository')),
        },
        test: {
            commands: testCommands(read('test-command')),
            env: parseKeyValues('test-env', read('test-env')),
            artifactsPath,
            artifactsDest: artifactsDest(read('artifacts-dest'), workspace, env),
            timeoutMs: duration('test-timeout', read('test-timeout'), 0),
            reports: reportsGlob(read('test-reports')),
            services: {
                files: composeFiles(read('compose-file'), workspace, env),
                services: listed('compose-services', read('compose-services')),
                timeoutMs: duration('compose-timeout', read('compose-timeout'), 120_000) || 120_000,
                workspace,
            },
        },
        publish,
    };
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(723);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ var __webpack_exports__parseArguments = __webpack_exports__.We;
/******/ var __webpack_exports__readFileCommands = __webpack_exports__.Df;
/******/ var __webpack_exports__summaryText = __webpack_exports__.g5;
/******/ export { __webpack_exports__parseArguments as parseArguments, __webpack_exports__readFileCommands as readFileCommands, __webpack_exports__summaryText as summaryText };
/******/ 
