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
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(511);
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

/***/ 511:
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
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Parses `KEY=VALUE` lines. The error names the input and the line but never repeats the value,
 * which may be a secret.
 */
function input_values_parseKeyValues(input, text) {
    const seen = new Set();
    return text
        .split(/\r?\n/)
        .map((raw, index) => ({ raw: raw.trim(), number: index + 1 }))
        .filter(({ raw }) => raw && !raw.startsWith('#'))
        .map(({ raw, number }) => {
        const equals = raw.indexOf('=');
        const key = equals > 0 ? raw.slice(0, equals).trim() : '';
        if (!ENV_KEY.test(key)) {
            throw input_values_inputError(input, `line ${number} is not KEY=VALUE with KEY of letters, digits and '_'`);
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

;// CONCATENATED MODULE: ./lib/src/build/cache-plan.js

const MAX_TAG = 128;
/** `cache-<branch>-<key>`, the branch shortened so that the stage key always survives. */
function cacheTag(branch, key) {
    const room = MAX_TAG - 'cache--'.length - key.length;
    return `cache-${toTag(branch).slice(0, Math.max(room, 1))}-${key}`;
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
function stageCaches(image, context, parsed, builder) {
    return builtStages(builder, parsed).map((index) => {
        const stage = parsed.stages[index];
        // buildx keeps every stage in one registry cache (mode=max), so all stages share one reference.
        const key = builder === 'buildx' ? 'all' : stage.key;
        const branches = [...new Set([context.branch, context.defaultBranch].filter(Boolean))];
        const read = branches.map((branch) => `${image.name}:${cacheTag(branch, key)}`);
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
    'cache-from',
    'test-command',
    'test-env',
    'artifacts-path',
    'artifacts-dest',
    'push',
    'registry',
    'username',
    'password',
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
function extraTag(repository, tag) {
    if (isValidTag(tag)) {
        if (!repository)
            throw inputError('tags', `bare tag '${tag}' needs 'image' to be set`);
        return `${repository.name}:${tag}`;
    }
    const { name, tag: suffix } = splitReference(tag);
    const parsed = parseRepository(name);
    if (typeof parsed === 'string' || !suffix || !isValidTag(suffix)) {
        throw inputError('tags', `'${tag}' is neither a tag (letters, digits, '_', '.', '-') nor a name:tag reference`);
    }
    return `${parsed.name}:${suffix}`;
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
/** A build stage's name, as the Dockerfile's `AS` gives it. */
function target(value) {
    if (value && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value))
        throw inputError('target', `'${value}' is not a stage name (letters, digits, '_', '.', '-')`);
    return value;
}
function registryHost(value) {
    if (value && !isRegistryHostName(value))
        throw inputError('registry', `'${value}' is not a registry host such as ghcr.io or registry.example:5000`);
    return value;
}
/** A reference to pull as a cache: `name[:tag][@digest]`. */
function cacheReference(value) {
    const parsed = parseReference(notOption('cache-from', value));
    if (typeof parsed === 'string')
        throw inputError('cache-from', `'${value}' ${parsed}: use an image reference such as ghcr.io/acme/shop:cache`);
    return value;
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
function publishSettings(read, image) {
    const username = oneLine('username', read('username'));
    const password = oneLine('password', read('password'));
    if (Boolean(username) !== Boolean(password)) {
        const [missing, given] = username ? ['password', 'username'] : ['username', 'password'];
        throw inputError(missing, `is required when '${given}' is set`);
    }
    const registry = registryHost(read('registry')) || image?.registry || '';
    if (password && !registry)
        throw inputError('registry', 'is required to log in when no image is given');
    return {
        tags: lines(read('tags')).map((tag) => extraTag(image, tag)),
        push: oneOf('push', read('push'), ['auto', 'true', 'false'], 'auto'),
        login: password ? { registry, username, password } : undefined,
        retries: wholeNumber('retries', read('retries') || '3', 20),
        timeoutMs: duration('push-timeout', read('push-timeout'), 1_800_000) || 1_800_000,
    };
}
function parseSettings(read, workspace, env = process.env) {
    const builds = flag('build', read('build'), true);
    const { image, pull } = builds
        ? { image: repository(read('image')), pull: undefined }
        : pulled(read('image'));
    const { context, file } = image && builds
        ? buildPaths(read, workspace, env)
        : { context: workspace, file: path.join(workspace, 'Dockerfile') };
    const artifactsPath = read('artifacts-path') || '/artifacts';
    if (!artifactsPath.startsWith('/')) {
        throw inputError('artifacts-path', `'${artifactsPath}' must be an absolute path inside the container`);
    }
    const publish = publishSettings(read, image);
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
            cacheFrom: lines(read('cache-from')).map(cacheReference),
            cache: resolveCacheMode(cache, publish.push, env),
            noCache: oneOf('no-cache', read('no-cache'), ['auto', 'true', 'false'], 'auto'),
            testedTree: oneOf('tested-tree', read('tested-tree'), ['test', 'trust', 'build'], 'test'),
            retries: publish.retries,
        },
        test: {
            commands: testCommands(read('test-command')),
            env: parseKeyValues('test-env', read('test-env')),
            artifactsPath,
            artifactsDest: artifactsDest(read('artifacts-dest'), workspace, env),
            timeoutMs: duration('test-timeout', read('test-timeout'), 0),
            reports: reportsGlob(read('test-reports')),
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
