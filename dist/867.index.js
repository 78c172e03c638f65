export const id = 867;
export const ids = [867];
export const modules = {

/***/ 8274:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gb: () => (/* binding */ actionsCacheKeys),
/* harmony export */   HY: () => (/* binding */ restoreImages),
/* harmony export */   Kt: () => (/* binding */ saveImages),
/* harmony export */   qI: () => (/* binding */ cacheService),
/* harmony export */   rL: () => (/* binding */ actionsCacheAvailable)
/* harmony export */ });
/* unused harmony export saveKey */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3838);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1689);
// The `actions` cache: stage cache images kept in the GitHub Actions cache instead of a registry. They
// are saved by name with `docker save` into a tar, keyed on the Dockerfile and the branch, and loaded
// back with `docker load`, then re-tagged from an index berth keeps, since a load can lose tags.
// It is the one place that imports @actions/cache, which the install pipeline uses for downloads too.






/** Keys from the image name, the Dockerfile's content and the branches. */
function actionsCacheKeys(image, dockerfile, branch, defaultBranch) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(image).update('\0').update(dockerfile).digest('hex').slice(0, 16);
    const restore = [...new Set([branch, defaultBranch].filter(Boolean))].map((name) => `berth-${hash}-${name}-`);
    return { prefix: restore[0] ?? `berth-${hash}--`, restore };
}
/** The save key for a set of images: the same images give the same key, so nothing is saved twice. */
function saveKey(keys, ids) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for (const [ref, id] of [...ids].sort())
        hash.update(`${ref}=${id}\n`);
    return `${keys.prefix}${hash.digest('hex').slice(0, 16)}`;
}
// Imported only when used: @actions/cache takes half a second to load, which every other run would pay.
const loadCache = () => __webpack_require__.e(/* import() */ 691).then(__webpack_require__.bind(__webpack_require__, 1691));
/** @actions/cache where an Actions cache service is there, else undefined (without loading it). */
async function cacheService(env = process.env) {
    if (!env.ACTIONS_CACHE_URL && !env.ACTIONS_RESULTS_URL)
        return undefined;
    const cache = await loadCache();
    return cache.isFeatureAvailable() ? cache : undefined;
}
/** False (with a notice) where no Actions cache service is there: berth carries on without one. */
async function actionsCacheAvailable(env) {
    if (await cacheService(env))
        return true;
    _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .notice */ .lm('cache: actions: no Actions cache service here (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL unset), building without a cache');
    return false;
}
function folder() {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_3__.join(process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'berth-cache');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(dir, { recursive: true });
    return dir;
}
/** Restores and loads the images; returns their IDs by reference, re-tagged, and the key restored. */
async function restoreImages(keys) {
    const dir = folder();
    const files = [node_path__WEBPACK_IMPORTED_MODULE_3__.join(dir, 'images.tar'), node_path__WEBPACK_IMPORTED_MODULE_3__.join(dir, 'index.json')];
    const [first = '', ...rest] = keys.restore;
    const cache = await loadCache();
    const hit = await cache.restoreCache(files, first, rest);
    if (!hit || !(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(files[0])) {
        _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .info */ .pq('cache: actions: nothing restored');
        return { ids: new Map(), key: '' };
    }
    await (0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .run */ .eF)(['docker', 'load', '--input', files[0]], { timeoutMs: 1_800_000 });
    const index = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(files[1], 'utf8'));
    for (const [ref, id] of Object.entries(index))
        await (0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .run */ .eF)(['docker', 'tag', id, ref]);
    _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .info */ .pq(`cache: actions: restored ${hit}, ${Object.keys(index).length} images`);
    return { ids: new Map(Object.entries(index)), key: hit };
}
/** Saves the images by name, unless the very same set is already saved. */
async function saveImages(keys, refs, restored) {
    if (refs.length === 0)
        return;
    const ids = new Map();
    for (const ref of refs) {
        const inspect = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .run */ .eF)(['docker', 'image', 'inspect', '--format', '{{.Id}}', ref]);
        ids.set(ref, inspect.stdout.trim());
    }
    const key = saveKey(keys, ids);
    if (key === restored)
        return;
    const dir = folder();
    const files = [node_path__WEBPACK_IMPORTED_MODULE_3__.join(dir, 'images.tar'), node_path__WEBPACK_IMPORTED_MODULE_3__.join(dir, 'index.json')];
    await (0,_exec_js__WEBPACK_IMPORTED_MODULE_5__/* .run */ .eF)(['docker', 'save', '--output', files[0], ...refs], { timeoutMs: 1_800_000 });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(files[1], JSON.stringify(Object.fromEntries(ids)));
    const cache = await loadCache();
    await cache.saveCache(files, key);
    _actions_core__WEBPACK_IMPORTED_MODULE_4__/* .info */ .pq(`cache: actions: saved ${refs.length} images as ${key}`);
}


/***/ }),

/***/ 7867:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main_main)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./lib/src/actions-cache.js
var actions_cache = __webpack_require__(8274);
;// CONCATENATED MODULE: ./lib/src/image-ref.js
// Image reference grammar (the distribution spec's, simplified to what berth accepts from users).
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOST = /^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9a-fA-F:]+\]|[A-Za-z0-9-]+)(?::[0-9]+)?$/;
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

;// CONCATENATED MODULE: ./lib/src/cache-plan.js

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
function resolveCacheMode(input, push, env) {
    if (input)
        return input;
    const actions = Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
    return push === 'false' && actions ? 'actions' : 'registry';
}
/** What `--cache-from` gets: references as they are, or buildx's `type=registry,ref=` form. */
function cacheFromArgs(builder, refs) {
    const unique = [...new Set(refs)];
    return builder === 'buildx' ? unique.map((ref) => `type=registry,ref=${ref}`) : unique;
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
function wholeFromRepository(rows, repository) {
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

// EXTERNAL MODULE: ./node_modules/dockerfile-ast/lib/main.js
var main = __webpack_require__(8390);
;// CONCATENATED MODULE: ./lib/src/dockerfile-stages.js
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
    return { stages, target: targetIndex, needed: [...needed].sort((a, b) => a - b) };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./lib/src/docker-endpoint.js
var docker_endpoint = __webpack_require__(9388);
// EXTERNAL MODULE: ./lib/src/file-view.js
var file_view = __webpack_require__(5746);
;// CONCATENATED MODULE: ./lib/src/registry.js
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
/** The `user:password` pair for a registry, from berth's own login or docker's config; else a reason. */
function credentialsFor(registry, login, env, readConfig = file_view/* realFiles */.a.read) {
    const hub = registry === DOCKER_HUB;
    const loginHost = login?.registry.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (login && (loginHost === registry || (hub && /(^|\.)docker\.io$/.test(loginHost ?? ''))))
        return { basic: Buffer.from(`${login.username}:${login.password}`).toString('base64') };
    const file = external_node_path_.join((0,docker_endpoint/* dockerConfigDir */.kG)(env), 'config.json');
    let config;
    try {
        config = JSON.parse(readConfig(file) ?? '{}');
    }
    catch {
        return { reason: `${file} is not valid JSON` };
    }
    const key = hub ? DOCKER_HUB_CONFIG_KEY : registry;
    const entry = config.auths?.[key] ?? config.auths?.[`https://${key}`] ?? config.auths?.[`http://${key}`];
    if (config.credHelpers?.[key])
        return { reason: `credentials for ${registry} are in a helper` };
    if (entry?.identitytoken)
        return { reason: `credentials for ${registry} are an identity token` };
    if (entry?.auth)
        return { basic: entry.auth };
    if (config.credsStore)
        return { reason: `credentials are in the ${config.credsStore} store` };
    return { none: true };
}
const client = (keepAlive) => new lib/* HttpClient */.Qq('berth', [], { allowRedirects: true, socketTimeout: 30_000, keepAlive });
async function tokenFor(challenge, repository, basic) {
    const realm = challenge.params.realm;
    if (!realm)
        throw new Error('the Bearer challenge names no realm');
    const url = new URL(realm);
    if (basic && url.protocol !== 'https:' && !isLoopback(url.host))
        throw new Error(`the token service ${url.origin} is not HTTPS: no password is sent there`);
    if (challenge.params.service)
        url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', `repository:${repository}:pull,push`);
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
async function openSession(registry, repository, basic) {
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
            lastError = error instanceof Error ? error.message : String(error);
            continue;
        }
        const status = response.message.statusCode;
        const header = response.message.headers['www-authenticate'];
        const challenge = status === 401 && typeof header === 'string' ? parseChallenge(header) : undefined;
        try {
            if (status === 200)
                return { base, authorization: undefined, http };
            if (challenge?.scheme === 'bearer')
                return { base, authorization: `Bearer ${await tokenFor(challenge, repository, basic)}`, http };
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
 * Puts `tags` (references in the same repository as `from`) on the manifest `from` points at, when
 * that manifest describes the image `imageId` (its config digest).
 */
async function tagInRegistry(from, tags, imageId, login, env = process.env) {
    const source = splitReference(from);
    const repository = parseRepository(source.name);
    if (typeof repository === 'string' || !source.tag)
        return { reason: `${from} is not name:tag` };
    const names = tags.map(splitReference);
    if (names.some((name) => name.name !== source.name || !name.tag))
        return { reason: 'the tags are not all in the repository of the manifest' };
    const apiPath = apiRepository(repository);
    const credentials = credentialsFor(repository.registry, login, env);
    if ('reason' in credentials)
        return credentials;
    let session;
    try {
        const basic = 'basic' in credentials ? credentials.basic : undefined;
        session = await openSession(repository.registry, apiPath, basic);
        const { http, authorization } = session;
        const headers = (extra) => authorization ? { ...extra, authorization } : extra;
        const base = session.base;
        const manifestUrl = (tag) => `${base}/v2/${apiPath}/manifests/${encodeURIComponent(tag)}`;
        const got = await http.get(manifestUrl(source.tag), headers({ accept: IMAGE_MANIFESTS.join(', ') }));
        const bytes = await got.readBody();
        if (got.message.statusCode !== 200)
            return { reason: `${from} answered ${got.message.statusCode}` };
        const mediaType = String(got.message.headers['content-type'] ?? '').split(';')[0] ?? '';
        if (!IMAGE_MANIFESTS.includes(mediaType))
            return { reason: `${from} is a ${mediaType || 'manifest of no type'}` };
        const manifest = JSON.parse(bytes);
        if (manifest.config?.digest !== imageId)
            return { reason: `${from} is another image` };
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes, 'utf8').digest('hex')}`;
        await Promise.all(names.map(async ({ tag }) => {
            const put = await http.request('PUT', manifestUrl(tag ?? ''), bytes, headers({ 'content-type': mediaType }));
            await put.readBody();
            if (put.message.statusCode !== 201)
                throw new Error(`PUT of the manifest for ${tag} answered ${put.message.statusCode}`);
        }));
        return { digest };
    }
    catch (error) {
        return { reason: error instanceof Error ? error.message : String(error) };
    }
    finally {
        session?.http.dispose();
    }
}

// EXTERNAL MODULE: ./lib/src/exec.js
var exec = __webpack_require__(1689);
// EXTERNAL MODULE: ./lib/src/retry.js
var retry = __webpack_require__(9584);
;// CONCATENATED MODULE: ./lib/src/push.js
// Push: only when the run may (`push` input, event) and the tests passed; transient registry failures
// are retried with backoff.




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
async function pushOne(tag, retries) {
    const result = await (0,retry/* withRetries */.LH)(() => (0,exec/* run */.eF)(['docker', 'push', tag], { timeoutMs: 1_800_000 }), {
        retries,
        label: `push ${tag}`,
    });
    core/* info */.pq(`pushed ${tag}`);
    return parseDigest(result.stdout);
}
/** Pushes tags at once, each with retries; the first digest reported. */
async function pushAtOnce(tags, retries) {
    const digests = await Promise.all(tags.map((tag) => pushOne(tag, retries)));
    return digests.find(Boolean) ?? '';
}
/**
 * Puts `tags` on the registry's manifest at `from` when it is the manifest of `imageId`
 * (tagInRegistry); else pushes them with docker, at once. The digest of what the tags point at.
 */
async function tagOrPush(from, tags, imageId, retries, login) {
    if (tags.length === 0)
        return '';
    const tagged = await tagInRegistry(from, tags, imageId, login);
    if ('digest' in tagged) {
        for (const tag of tags)
            core/* info */.pq(`pushed ${tag} (tagged in the registry)`);
        return tagged.digest;
    }
    core/* info */.pq(`push: not tagged in the registry (${tagged.reason}); docker push`);
    return pushAtOnce(tags, retries);
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
async function pushInWaves(refs, retries, pushed, read = readWaveLayers(refs, pushed)) {
    const images = [...(await read)];
    const done = new Set(pushed === undefined ? [] : (images.pop()?.layers ?? []));
    const same = pushed ? images.filter((image) => image.id === pushed.imageId) : [];
    const waves = planPushWaves(images.filter((image) => !same.includes(image)), done);
    await Promise.all([
        pushed &&
            tagOrPush(pushed.ref, same.map((image) => image.ref), pushed.imageId, retries, pushed.login),
        (async () => {
            for (const wave of waves)
                await pushAtOnce(wave, retries);
        })(),
    ]);
}

;// CONCATENATED MODULE: ./lib/src/build.js
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
    for (const tag of request.tags)
        argv.push('--tag', tag);
    for (const ref of request.cacheFrom)
        argv.push('--cache-from', ref);
    for (const ref of request.cacheTo ?? [])
        argv.push('--cache-to', ref);
    argv.push(request.context);
    return { argv, env };
}
/**
 * Runs a build; its output streams to the log unless `quiet` (a stage cache image made from the local
 * cache beside the tests, whose output would only interleave with theirs; a failure still shows its tail).
 */
async function build(request, { quiet = false } = {}) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join((0,external_node_os_.tmpdir)(), 'berth-build-'));
    try {
        const plan = planBuild({ ...request, iidFile: external_node_path_.join(dir, 'iid') });
        const result = await (0,exec/* run */.eF)(plan.argv, { env: plan.env, stream: !quiet, untrustedOutput: true });
        const output = `${result.stdout}\n${result.stderr}`;
        const iid = external_node_path_.join(dir, 'iid');
        return {
            // a buildx cache export that loads nothing may write no ID
            imageId: (0,external_node_fs_.existsSync)(iid) ? (0,external_node_fs_.readFileSync)(iid, 'utf8').trim() : '',
            output,
        };
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./lib/src/stage-hits.js
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
 * BuildKit output: vertices `#N [key i/n] INSTR ...` (`[i/n]` alone for a one-stage file), each CACHED
 * or not. `fallbackKey` names the stage of unlabelled vertices.
 */
function buildkitStageHits(output, fallbackKey) {
    const vertices = new Map();
    for (const raw of output.split(/\r?\n/)) {
        const line = raw.trim();
        const step = /^#(\d+) \[(?:(\S+) )?\d+\/\d+\] (\S+)/.exec(line);
        if (step?.[1] && step[3] && step[3].toUpperCase() !== 'FROM' && !vertices.has(step[1])) {
            vertices.set(step[1], { key: step[2] ?? fallbackKey, cached: false });
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
/** Cache references BuildKit tried and did not find (`importing cache manifest from R` ... `ERROR: R: not found`). */
function missingCacheRefs(output) {
    const missing = new Set();
    for (const match of output.matchAll(/^#\d+ ERROR: (\S+): not found$/gm))
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

;// CONCATENATED MODULE: ./lib/src/stage-cache.js
// Cache executor: bring the stage cache images to the build (the legacy builder needs them pulled;
// BuildKit reads them from the registry itself), and after the tests pass, tag and push the ones that
// changed, in parallel.






/** Pulls `ref`; false when it is not there (the normal first run). */
async function pull(ref, retries) {
    try {
        await (0,retry/* withRetries */.LH)(() => (0,exec/* run */.eF)(['docker', 'pull', '--quiet', ref], { timeoutMs: 600_000 }), {
            retries,
            label: `pull ${ref}`,
        });
    }
    catch (error) {
        core/* info */.pq(`cache: ${ref} not available (${error instanceof Error ? error.message : error})`);
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
/** Registry cache: the legacy builder gets pulled images; BuildKit and buildx read the registry. */
async function registrySources(builder, caches, extra, retries) {
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
/** The one build the tests use, with every cache source; per-stage rows read from its output. */
async function buildWithCache(request, parsed, caches, sources, extra) {
    const built = await build({ ...request, cacheFrom: cacheFromArgs(request.builder, sources.cacheFrom) });
    const ids = await sources.ids;
    const missing = missingCacheRefs(built.output);
    const found = (ref) => request.builder === 'legacy' || ids.size > 0
        ? ids.has(ref)
        : sources.cacheFrom.includes(ref) && !missing.has(ref);
    const rows = stageHits(request.builder, built.output, parsed.stages, caches.map((cache) => cache.stage.index));
    return { ...built, rows: creditHits(caches, rows, found, extra) };
}
/**
 * Gives each changed stage its cache image under the write reference: the final image itself, the
 * legacy builder's stage image by ID, or (BuildKit) a build of the stage as its own target, served by
 * the local cache the first build left. Returns the references to push.
 */
async function tagChangedStages(request, caches, built, sources) {
    const missing = missingCacheRefs(built.output);
    const ids = await sources.ids;
    const last = caches[caches.length - 1]?.stage.index;
    const changed = caches.flatMap((cache, index) => {
        const row = built.rows[index];
        if (!row || !cache.write)
            return [];
        const existing = ids.get(cache.write) ??
            (sources.cacheFrom.includes(cache.write) && !missing.has(cache.write) ? '' : undefined);
        if (needsPush(request.builder, cache, row, existing))
            return [{ cache, row, write: cache.write }];
        core/* info */.pq(`cache: ${cache.write} unchanged, not pushed again`);
        return [];
    });
    // All at once: tags are instant, and BuildKit serves each stage build from the local cache.
    await Promise.all(changed.map(({ cache, row, write }) => {
        if (cache.stage.index === last)
            return (0,exec/* run */.eF)(['docker', 'tag', built.imageId, write]);
        if (request.builder === 'legacy' && row.imageId)
            return (0,exec/* run */.eF)(['docker', 'tag', row.imageId, write]);
        const stage = { ...request, target: cache.stage.key, tags: [write], noCache: false, pull: false };
        return build({ ...stage, cacheFrom: [] }, { quiet: true });
    }));
    return changed.map(({ write }) => write);
}
/** buildx: one export of every stage's cache (mode=max) to this branch's reference, served by the local cache. */
async function exportBuildxCache(request, caches, sources) {
    const write = caches[0]?.write;
    if (!write)
        return;
    await build({
        ...request,
        tags: [],
        load: false,
        cacheFrom: cacheFromArgs('buildx', sources.cacheFrom),
        cacheTo: [buildxCacheTo(write)],
    });
}

;// CONCATENATED MODULE: ./lib/src/cache.js
// Cache: one cache image per stage, read before the build (this branch's, else the default branch's,
// then `cache-from`), written after the tests pass when the run may write it. A missing cache is the
// normal first run, never an error.








/** Reads the Dockerfile's stages and brings this run's cache sources. */
async function readCache(settings, image, context, builder) {
    const text = (0,external_node_fs_.readFileSync)(settings.file, 'utf8');
    const parsed = parseStages(text, settings.buildArgs, settings.target);
    let mode = resolveCacheMode(settings.cache, settings.push, process.env);
    if (mode === 'actions' && !(await (0,actions_cache/* actionsCacheAvailable */.rL)(process.env)))
        mode = 'none';
    const caches = stageCaches(image, context, parsed, builder);
    const session = {
        mode,
        parsed,
        caches,
        sources: { cacheFrom: [], ids: Promise.resolve(new Map()) },
        extra: [],
    };
    // A build with --no-cache would not use what it read; it still writes a fresh cache.
    if (mode === 'none' || noCacheFlags(settings.noCache, context.event).noCache)
        return session;
    session.extra = settings.cacheFrom;
    if (mode === 'registry') {
        session.sources = await registrySources(builder, caches, settings.cacheFrom, settings.retries);
    }
    else {
        const keys = (0,actions_cache/* actionsCacheKeys */.Gb)(image.name, text, context.branch, context.defaultBranch);
        const restored = await (0,actions_cache/* restoreImages */.HY)(keys);
        const extra = await registrySources(builder, [], settings.cacheFrom, settings.retries);
        session.actions = { keys, restored: restored.key };
        session.sources = {
            cacheFrom: [...restored.ids.keys(), ...extra.cacheFrom],
            ids: extra.ids.then((ids) => new Map([...restored.ids, ...ids])),
        };
    }
    core/* info */.pq(`cache: ${mode}, stages ${caches.map((cache) => cache.stage.key).join(', ')}; sources: ${session.sources.cacheFrom.join(', ') || 'none'}`);
    return session;
}
/** The summary section: per stage, the reference that served it and its steps from cache. */
function cacheSection(built) {
    return { heading: 'Build cache', rows: cacheTable(built.rows) };
}
/**
 * Gives each changed stage its cache image under its write reference (BuildKit builds the stage as its
 * own target, served by the local cache): the references to write. buildx writes all stages at once.
 */
async function stageCacheImages(session, request, built) {
    if (session.mode === 'none')
        return [];
    if (request.builder === 'buildx' && session.mode === 'registry') {
        return session.caches[0]?.write ? [session.caches[0].write] : [];
    }
    return tagChangedStages(request, session.caches, built, session.sources);
}
/**
 * Writes them: pushed to the registry (buildx: one cache export), or saved to the Actions cache.
 * `pushed`: an image the registry has already (pushInWaves tags it there rather than pushing it);
 * `read`: pushInWaves' reading of the layers, started earlier.
 */
async function writeCache(session, request, refs, retries, pushed, read) {
    if (refs.length === 0)
        return;
    if (request.builder === 'buildx' && session.mode === 'registry') {
        await exportBuildxCache(request, session.caches, session.sources);
    }
    else if (session.mode === 'registry') {
        await pushInWaves(refs, retries, pushed, read);
    }
    else if (session.actions) {
        const all = session.caches.flatMap((cache) => (cache.write ? [cache.write] : []));
        await (0,actions_cache/* saveImages */.Kt)(session.actions.keys, all, session.actions.restored);
    }
}
/**
 * Starts making the stage cache images ready; awaited when the tests pass, and left to finish
 * unread when they fail.
 */
function prepareCache(session, request, built) {
    const refs = stageCacheImages(session, request, built);
    refs.catch(() => undefined);
    return { session, request, refs };
}
/**
 * Pushes the tags and, when `cache` is given, the changed stage cache images. The first tag uploads the
 * layers alone (pushes of the same new layer at the same time race in the registry: "blob unknown to
 * registry"); the other tags then go on its manifest in the registry, beside the cache images. When the
 * final stage came whole from the image's repository (`whole`), every tag goes on that manifest if it
 * is the very image (pushFirst).
 */
async function pushWithCache(tags, retries, cache, image) {
    const { imageId, login } = image;
    const pushed = tags[0] ? { ref: tags[0], imageId, login } : undefined;
    // the stage cache images' layers are read beside the first push, once they are ready
    const read = cache?.refs.then((refs) => (refs.length > 0 ? readWaveLayers(refs, pushed) : []));
    read?.catch(() => undefined);
    const [[digest, rest], refs] = await Promise.all([pushFirst(tags, retries, image), cache?.refs ?? []]);
    const [later] = await Promise.all([
        tagOrPush(tags[0] ?? '', rest, imageId, retries, login),
        cache ? writeCache(cache.session, cache.request, refs, retries, pushed, read) : Promise.resolve(),
    ]);
    return [{ pushed: [...tags], digest: digest || later }, refs];
}
/**
 * Puts the first tag in the registry, or every tag when they can all go on the manifest of the cache
 * image the final stage came from; returns the digest and the tags still to put. A final stage from
 * the cache can still make another image: BuildKit writes its inline cache records in no fixed order,
 * so the config may differ while every layer is there. Then the first tag goes alone with docker (only
 * the config to upload), as one new blob must not be pushed by several tags at once.
 */
async function pushFirst(tags, retries, image) {
    const { imageId, whole, login } = image;
    if (whole) {
        const tagged = await tagInRegistry(whole, tags, imageId, login);
        if ('digest' in tagged) {
            core/* info */.pq(`push: the final stage came whole from ${whole}, the very image: every tag goes on it`);
            for (const tag of tags)
                core/* info */.pq(`pushed ${tag} (tagged in the registry)`);
            return [tagged.digest, []];
        }
        core/* info */.pq(`push: not tagged on ${whole} (${tagged.reason}); the first tag with docker push`);
    }
    return [await pushAtOnce(tags.slice(0, 1), retries), tags.slice(1)];
}

// EXTERNAL MODULE: ./node_modules/ci-info/index.js
var ci_info = __webpack_require__(5435);
;// CONCATENATED MODULE: ./lib/src/detect-ci.js
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

// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __webpack_require__(8701);
// EXTERNAL MODULE: ./lib/src/early.js
var src_early = __webpack_require__(893);
;// CONCATENATED MODULE: ./lib/src/daemon-facts.js
// What the daemon and the client are: versions, storage, rootless, cgroups, OS, builder and compose.
// The parsers and the warnings are pure; `readDaemonFacts` starts the few commands that feed them.




/** The compose plugin's version as the client lists its plugins in `docker info`; undefined: none. */
function composePlugin(info) {
    const plugin = (info.ClientInfo?.Plugins ?? []).find(({ Name, Err }) => Name === 'compose' && !Err);
    return plugin ? plugin.Version || 'unknown' : undefined;
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
        containerdStore: (info.DriverStatus ?? []).some(([key, value]) => key === 'driver-type' && value === 'io.containerd.snapshotter.v1'),
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
/**
 * Picks the builder: buildx when the plugin is there, BuildKit when the client has it built in (before
 * 23.0), else the legacy builder. DOCKER_BUILDKIT=0 asks for the legacy builder.
 */
function chooseBuilder(clientVersion, hasBuildx, buildkitEnv) {
    if (buildkitEnv === '0' || buildkitEnv === 'false')
        return 'legacy';
    if (hasBuildx)
        return 'buildx';
    const major = Number(clientVersion.split('.')[0]);
    return Number.isFinite(major) && major > 0 && major < 23 ? 'buildkit' : 'legacy';
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
    if (!isCompiled(fileHead(standalone)))
        return { kind: 'v1', version: '' };
    return composeKind(undefined, await firstLine(['docker-compose', 'version', '--short']));
}
const QUICK = { allowFailure: true, timeoutMs: 10_000 };
async function firstLine(argv) {
    const result = await (0,exec/* run */.eF)(argv, QUICK);
    const line = result.stdout.trim().split('\n')[0]?.trim();
    return result.exitCode === 0 && line ? line : undefined;
}
/**
 * Whether the client has the buildx plugin; not asked when DOCKER_BUILDKIT=0 settles the builder. The
 * client answers without the daemon, so this runs beside the ping.
 */
async function hasBuildx() {
    if (chooseBuilder('', true, process.env.DOCKER_BUILDKIT) === 'legacy')
        return false;
    return (await ((0,src_early/* earlyAnswer */.sK)(src_early/* BUILDX */.bd, {}) ?? (0,exec/* run */.eF)(src_early/* BUILDX */.bd, QUICK))).exitCode === 0;
}
/**
 * Starts `docker info`, which also lists the client's plugins; each of facts and compose settles on its
 * own, so that the probe, which needs the data root, does not wait for a standalone compose. `facts`
 * never rejects: without `docker info` the facts stay empty and the versions still come from the ping.
 */
function readDaemonFacts(version) {
    const info = (0,exec/* run */.eF)(['docker', 'info', '--format', '{{json .}}'], QUICK).then((result) => parseInfo(result.stdout), () => ({}));
    return {
        facts: info.then((json) => parseFacts(version, json)),
        compose: info.then((json) => readCompose(composePlugin(json))),
    };
}
function parseInfo(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return {};
    }
}

;// CONCATENATED MODULE: ./lib/src/daemon-disk.js
// Free space where the daemon keeps images and containers, the threshold under which berth warns, and
// the optional prune. Two ways to read it (planDiskReading picks): statfs of the daemon's data root,
// when that folder is provably the daemon's own in berth's file system (a daemon on this machine),
// which costs no container start; else `df -kP /` in the visibility probe's container (see
// workspace-visibility.ts), whose root file system lives on the storage the daemon writes layers to
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
/** Available bytes from `df -kP` output: the last line's fourth column, in KiB. */
function parseDf(output) {
    const last = output.trim().split('\n').filter(Boolean).pop() ?? '';
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
function planPrune() {
    return ['docker', 'system', 'prune', '--force'];
}

;// CONCATENATED MODULE: ./lib/src/no-daemon.js
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

// EXTERNAL MODULE: ./lib/src/test-run.js
var test_run = __webpack_require__(9324);
;// CONCATENATED MODULE: ./lib/src/workspace-visibility.js
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
const workspace_visibility_QUICK = { allowFailure: true, timeoutMs: 20_000 };
/** A probe that could not run (note says why), or has not read anything yet. */
function unread(note = '') {
    return { visible: null, freeBytes: null, diskSource: null, image: '', left: [], note };
}
const MOUNT_POINT = '/berth-probe';
/** An image of one empty tar, imported (not pulled) when the daemon has none: 1024 zero bytes. */
async function importEmptyImage() {
    const name = `berth-probe:${(0,external_node_crypto_.randomBytes)(5).toString('hex')}`;
    const result = await (0,exec/* run */.eF)(['docker', 'import', '-', name], { ...workspace_visibility_QUICK, stdin: '\0'.repeat(1024) });
    return result.exitCode === 0 ? name : undefined;
}
async function probeImage() {
    const list = await (0,exec/* run */.eF)(['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], workspace_visibility_QUICK);
    const picked = pickProbeImage(list.exitCode === 0 ? list.stdout.split('\n').filter(Boolean) : []);
    if (picked)
        return { ...picked, imported: false };
    const imported = await importEmptyImage();
    return imported ? { image: imported, hasDf: false, imported: true } : undefined;
}
function planProbeContainer(name, dir, image, hasDf) {
    const argv = ['docker', 'create', '--name', name, '--label', 'berth.role=probe'];
    // --mount, not -v: with -v a daemon that lacks the folder would create it on its own host.
    argv.push('--mount', `type=bind,source=${dir},target=${MOUNT_POINT},readonly`);
    return hasDf
        ? [...argv, '--entrypoint', 'df', image, '-kP', '/']
        : [...argv, '--entrypoint', '/berth-none', image];
}
/** Whether the probe's marker (a folder right under the workspace) lies inside the build context. */
function markerInContext(workspace, context) {
    if (context === undefined)
        return false;
    const relative = external_node_path_.relative(external_node_path_.resolve(context), external_node_path_.resolve(workspace));
    return relative === '' || (!relative.startsWith('..') && !external_node_path_.isAbsolute(relative));
}
/** A folder with a random name under the workspace. */
function makeMarker(workspace) {
    try {
        return { dir: (0,external_node_fs_.mkdtempSync)(external_node_path_.join(workspace, `.berth-probe-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}-`)) };
    }
    catch (error) {
        return `no marker under the workspace: ${error instanceof Error ? error.message : String(error)}`;
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
            : parseDf((await (0,exec/* run */.eF)(['docker', 'start', '--attach', name], workspace_visibility_QUICK)).stdout);
        if (freeBytes !== undefined)
            return { freeBytes, diskSource: source };
    }
    return { freeBytes: null, diskSource: null };
}
function lastLine(text) {
    return text.trim().split('\n').pop()?.trim() ?? '';
}
/** Creates the probe container (the verdict), reads free space, removes what it made. */
async function look(dir, picked, daemon, removeMarker) {
    const name = (0,test_run/* containerName */.xN)('probe');
    const result = { ...unread(), visible: false, image: picked.image };
    const created = await (0,exec/* run */.eF)(planProbeContainer(name, dir, picked.image, picked.hasDf), workspace_visibility_QUICK);
    if (created.exitCode !== 0) {
        result.note = lastLine(created.stderr);
    }
    else {
        result.visible = true;
        // the record is looked for before `docker rm` takes it away; df starts the container, which
        // needs the bound folder, so the marker goes after the reading
        Object.assign(result, await readDisk(name, lastLine(created.stdout), picked.hasDf, daemon));
        removeMarker();
        if ((await (0,exec/* run */.eF)(['docker', 'rm', '--volumes', name], workspace_visibility_QUICK)).exitCode !== 0)
            result.left.push(`container ${name}`);
    }
    if (picked.imported && (await (0,exec/* run */.eF)(['docker', 'rmi', picked.image], workspace_visibility_QUICK)).exitCode !== 0)
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
 * Starts the probe; see Probe for what settles when. `daemon`, the facts of `docker info` (for the data
 * root), is awaited only after the marker is gone. Never rejects: a failure is the result's note.
 */
function probeDaemonView(workspace, daemon) {
    const marker = makeMarker(workspace);
    if (typeof marker === 'string')
        return { marker: Promise.resolve(), result: Promise.resolve(unread(marker)) };
    let markerGone = () => undefined;
    const gone = new Promise((resolve) => (markerGone = resolve));
    const removeMarker = () => {
        try {
            (0,external_node_fs_.rmSync)(marker.dir, { recursive: true, force: true });
        }
        finally {
            markerGone();
        }
    };
    const result = probeWith(marker.dir, daemon, removeMarker).catch((error) => {
        removeMarker();
        return unread(String(error));
    });
    return { marker: gone, result };
}

;// CONCATENATED MODULE: ./lib/src/detect.js
// Detect: where berth runs and which daemon answers, computed once and read by every phase: the CI, the
// endpoint (with TLS), client and daemon facts, the builder, compose, whether the daemon sees the job's
// files, and free space. Written to the `environment` output and the summary (environment-report.ts).












const noop = () => undefined;
async function ping(endpoint) {
    const env = (0,docker_endpoint/* endpointVariables */.Fy)(endpoint);
    const early = (0,src_early/* earlyAnswer */.sK)(src_early/* PING */.$5, env);
    if (early)
        core/* debug */.Yz('ping: the answer to the ping asked while the step loaded');
    const result = await (early ?? (0,exec/* run */.eF)(src_early/* PING */.$5, { env, allowFailure: true, timeoutMs: src_early/* PING_TIMEOUT_MS */.qp }));
    try {
        const parsed = JSON.parse(result.stdout);
        if (parsed.Server?.Version)
            return parsed;
    }
    catch {
        // the message below says what the client said
    }
    if (result.timedOut)
        return `no answer within ${src_early/* PING_TIMEOUT_MS */.qp / 1000} s`;
    return (result.stderr.trim().split('\n').pop() ?? '').replace(/\.$/, '') || `exit ${result.exitCode}`;
}
/** The first candidate that answers a ping, in the order of endpointCandidates. */
async function resolveEndpoint(options, ci, env, files) {
    const { candidates, skipped } = (0,docker_endpoint/* endpointCandidates */.K5)(env, files, options.dockerHost);
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
/** Points this process, and (through GITHUB_ENV) later steps, at the endpoint. */
function useEndpoint(endpoint, env) {
    const exported = (0,docker_endpoint/* variablesToExport */.Td)(endpoint, env);
    for (const [name, value] of Object.entries((0,docker_endpoint/* endpointVariables */.Fy)(endpoint))) {
        if (value)
            process.env[name] = value;
        else
            Reflect.deleteProperty(process.env, name);
    }
    for (const [name, value] of Object.entries(exported))
        core/* exportVariable */.dN(name, value);
    return exported;
}
async function complete(options, head, daemon, probe, clock) {
    const [facts, compose, found] = await Promise.all([daemon.facts, daemon.compose, probe]);
    const warnings = factWarnings(facts);
    if (found.left.length > 0)
        warnings.push(`the daemon refused to remove the probe's ${found.left.join(', ')}: left behind`);
    let pruned = false;
    const low = diskWarning(found.freeBytes, options.minFreeBytes);
    if (low && options.prune) {
        const result = await (0,exec/* run */.eF)(planPrune(), { allowFailure: true, timeoutMs: 300_000 });
        pruned = result.exitCode === 0;
        core/* info */.pq(`prune: ${result.stdout.trim().split('\n').pop() ?? ''}`);
    }
    if (low)
        warnings.push(pruned ? `${low} (pruned)` : low);
    for (const warning of warnings)
        core/* warning */.$e(warning);
    const { endpoint, ...rest } = head;
    return {
        ...rest,
        daemon: { ...endpoint, ...facts },
        compose,
        workspace: {
            dir: options.workspace,
            visible: found.visible,
            bindMounts: found.visible === true,
            probeImage: found.image,
            probeNote: found.note,
        },
        disk: {
            freeBytes: found.freeBytes,
            source: found.diskSource,
            minFreeBytes: options.minFreeBytes,
            pruned,
        },
        warnings,
        seconds: (clock.pingMs + Date.now() - clock.started) / 1000,
    };
}
async function startDetect(options, env = process.env, files = file_view/* realFiles */.a, vendor = { name: ci_info.name, isCI: ci_info.isCI }) {
    const started = Date.now();
    const ci = detectCi(env, vendor);
    const buildx = hasBuildx();
    const { endpoint, version } = await resolveEndpoint(options, ci, env, files);
    const exported = useEndpoint(endpoint, env);
    const builder = chooseBuilder(version.Client?.Version ?? '', await buildx, process.env.DOCKER_BUILDKIT);
    const head = { ci, builder, container: containerFacts(files), exported, endpoint };
    const pingMs = Date.now() - started;
    const waits = options.after !== undefined && !options.prune;
    const begin = waits && options.after ? options.after : Promise.resolve();
    const slow = begin.then(noop, noop).then(() => {
        const clock = { pingMs, started: Date.now() };
        const daemon = readDaemonFacts(version);
        // awaited in complete; marked handled so that a failure waits for it
        daemon.compose.catch(() => undefined);
        // the probe needs info's data root only after its marker is gone, so info stays off the build's path
        const probe = probeDaemonView(options.workspace, daemon.facts);
        return { daemon, probe, clock };
    });
    const environment = slow.then(({ daemon, probe, clock }) => complete(options, head, daemon, probe.result, clock));
    // a prune must finish before the build; without one, only a marker the build could send must be gone
    const ready = options.prune
        ? environment.then(noop)
        : !waits && markerInContext(options.workspace, options.context)
            ? slow.then(({ probe }) => probe.marker)
            : Promise.resolve();
    // awaited by main in every case; marked handled so that a failure waits for it
    environment.catch(() => undefined);
    return { builder, ready, environment };
}

;// CONCATENATED MODULE: ./lib/src/report.js
// What a person reads: one log group per phase with its duration, and the job summary.

function background(work) {
    const ended = work.then(() => Date.now(), () => Date.now());
    return { work, started: Date.now(), ended };
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
    /** Extra summary sections (detection tables, install notes) added by the phases that know them. */
    sections = [];
    /** Runs one phase inside a log group and records how long it took and how it ended. */
    phase(name, body) {
        core/* startGroup */.Oh(name);
        const started = Date.now();
        return this.close(name, body, async () => Date.now() - started);
    }
    /**
     * Reports work that ran quietly beside other phases: its log group is written now, after theirs,
     * with `show` writing what the work found; its duration is the work's own.
     */
    finished(name, work, show) {
        core/* startGroup */.Oh(name);
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
            core/* info */.pq(`${name}: ${result === 'ok' ? 'done' : 'failed'} in ${seconds.toFixed(1)} s`);
            core/* endGroup */.N4();
        }
    }
    skip(name, why) {
        this.phases.push({ name, seconds: 0, result: 'skipped', note: why });
        core/* info */.pq(`${name}: skipped, ${why}`);
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
    async writeSummary() {
        if (!process.env.GITHUB_STEP_SUMMARY)
            return;
        const summary = core/* summary */.z.addHeading('berth', 2);
        summary.addTable([
            [
                { data: 'phase', header: true },
                { data: 'duration', header: true },
                { data: 'result', header: true },
                { data: 'note', header: true },
            ],
            ...this.phases.map((phase) => [phase.name, `${phase.seconds.toFixed(1)} s`, phase.result, phase.note]),
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
                .addTable(section.rows.map((row, index) => (index === 0 ? row.map((data) => ({ data, header: true })) : row)));
        }
        if (this.outcome.pushed?.length)
            summary.addHeading('Tags pushed', 3).addList(this.outcome.pushed);
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
        if (artifacts)
            rows.push([
                'artifacts',
                `${artifacts.files} files, ${formatBytes(artifacts.bytes)} in ${artifacts.dir}`,
            ]);
        if (pushed)
            rows.push(['pushed', pushed.length > 0 ? `${pushed.length} tags` : 'nothing']);
        if (digest)
            rows.push(['digest', digest]);
        return rows;
    }
}

;// CONCATENATED MODULE: ./lib/src/environment-report.js
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
/** The summary table: one row per fact, header first. */
function environmentRows(environment) {
    const { ci, daemon, workspace, disk, container, compose } = environment;
    const free = disk.freeBytes === null ? 'unknown' : formatBytes(disk.freeBytes);
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
            `${daemon.storageDriver}, ${free} free (min ${formatBytes(disk.minFreeBytes)})${disk.pruned ? ', pruned' : ''}`,
        ],
        ['free space from', diskSource(environment)],
        ['builder', environment.builder],
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
/** `at`: where the Environment table goes among the summary's sections (detection comes first). */
function publishEnvironment(environment, report, at) {
    const { daemon } = environment;
    core/* setOutput */.uH('environment', JSON.stringify(environment));
    core/* setOutput */.uH('docker-host', daemon.host);
    core/* info */.pq(`${environment.ci.vendor}: Docker ${daemon.serverVersion} at ${daemon.host} (${daemon.source}), client ${daemon.clientVersion}, ${daemon.storageDriver || 'unknown'} storage, ${environment.builder} builder, workspace visible to the daemon: ${yesNo(environment.workspace.visible)}`);
    report.sections.splice(at, 0, { heading: 'Environment', rows: environmentRows(environment) });
}

;// CONCATENATED MODULE: ./lib/src/install-settings.js
// The install and daemon inputs, parsed into one typed object (called from inputs.ts): which docker,
// compose and buildx to install, from where, how strictly to verify, and whether to start a daemon.
const DEFAULT_URLS = {
    docker: 'https://download.docker.com/linux/static',
    compose: 'https://github.com/docker/compose/releases/download',
    buildx: 'https://github.com/docker/buildx/releases/download',
};
const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
/** `27.3.1`, `v27.3.1` and `docker-v29.0.0` all mean `27.3.1`; anything else is refused by name. */
function parseVersion(name, value, allowLatest) {
    if (value === '')
        return '';
    if (allowLatest && value.toLowerCase() === 'latest')
        return 'latest';
    const version = value.replace(/^(docker-)?v/i, '');
    if (!VERSION.test(version)) {
        const valid = allowLatest ? 'X.Y.Z (e.g. 27.3.1), vX.Y.Z or latest' : 'X.Y.Z (e.g. 2.29.7) or vX.Y.Z';
        throw new Error(`${name}: '${value}' is not a version: use ${valid}`);
    }
    return version;
}
function parseSha256(name, value) {
    if (value === '')
        return '';
    const hex = value.replace(/^sha256:/i, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hex))
        throw new Error(`${name}: is not a sha256: use 64 hex digits`);
    return hex;
}
function parseUrl(name, value, fallback) {
    const text = (value || fallback).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(text)) {
        throw new Error(`${name}: '${value}' is not a URL: use http(s)://host/path`);
    }
    return text;
}
function choice(name, value, allowed, fallback) {
    if (value === '')
        return fallback;
    const found = allowed.find((option) => option === value.toLowerCase());
    if (found === undefined)
        throw new Error(`${name}: '${value}' is not one of ${allowed.join(', ')}`);
    return found;
}
function parseObject(name, value) {
    if (value === '')
        return {};
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new Error(`${name}: is not valid JSON (${why}): use an object such as {"debug": true}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`${name}: must be a JSON object such as {"debug": true}`);
    }
    return parsed;
}
function tool(read, name, allowLatest) {
    return {
        version: parseVersion(`${name}-version`, read(`${name}-version`), allowLatest),
        downloadUrl: parseUrl(`${name}-download-url`, read(`${name}-download-url`), DEFAULT_URLS[name]),
        sha256: parseSha256(`${name}-sha256`, read(`${name}-sha256`)),
    };
}
function parseInstallSettings(read) {
    return {
        docker: {
            ...tool(read, 'docker', true),
            channel: choice('docker-channel', read('docker-channel'), ['stable', 'test'], 'stable'),
        },
        compose: tool(read, 'compose', false),
        buildx: tool(read, 'buildx', false),
        verify: choice('verify', read('verify'), ['warn', 'strict'], 'warn'),
        daemon: choice('daemon', read('daemon'), ['existing', 'dedicated'], 'existing'),
        daemonConfig: parseObject('daemon-config', read('daemon-config')),
        daemonTls: choice('daemon-tls', read('daemon-tls'), ['true', 'false'], 'false') === 'true',
    };
}
/** True when the settings ask for anything to be installed or started. */
function wantsSetup(settings) {
    return (settings.docker.version !== '' ||
        settings.compose.version !== '' ||
        settings.buildx.version !== '' ||
        settings.daemon === 'dedicated');
}

;// CONCATENATED MODULE: ./lib/src/multiline.js
// Multiline inputs: one item a line, blank lines and `#` comments ignored.
function lines(text) {
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
function parseKeyValues(input, text) {
    const seen = new Set();
    return text
        .split(/\r?\n/)
        .map((raw, index) => ({ raw: raw.trim(), number: index + 1 }))
        .filter(({ raw }) => raw && !raw.startsWith('#'))
        .map(({ raw, number }) => {
        const equals = raw.indexOf('=');
        const key = equals > 0 ? raw.slice(0, equals).trim() : '';
        if (!ENV_KEY.test(key)) {
            throw new Error(`${input}: line ${number} is not KEY=VALUE with KEY of letters, digits and '_'`);
        }
        if (seen.has(key))
            throw new Error(`${input}: ${key} is given twice`);
        seen.add(key);
        return { key, value: raw.slice(equals + 1) };
    });
}

;// CONCATENATED MODULE: ./lib/src/inputs.js
// Inputs are read here once, into a typed and validated object; nothing else calls core.getInput.





/** Every input action.yml declares; the CLI accepts these as `--name value`. */
const INPUT_NAMES = (/* unused pure expression or super */ null && ([
    'image',
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
    'cache',
    'no-cache',
]));
function oneOf(name, value, allowed) {
    const found = allowed.find((option) => option === value.toLowerCase());
    if (found === undefined)
        throw new Error(`${name}: '${value}' is not one of ${allowed.join(', ')}`);
    return found;
}
function count(name, value, max) {
    if (!/^\d+$/.test(value) || Number(value) > max) {
        throw new Error(`${name}: '${value}' is not a whole number from 0 to ${max}`);
    }
    return Number(value);
}
function extraTag(repository, tag) {
    if (isValidTag(tag)) {
        if (!repository)
            throw new Error(`tags: bare tag '${tag}' needs 'image' to be set`);
        return `${repository.name}:${tag}`;
    }
    const { name, tag: suffix } = splitReference(tag);
    const parsed = parseRepository(name);
    if (typeof parsed === 'string' || !suffix || !isValidTag(suffix)) {
        throw new Error(`tags: '${tag}' is neither a tag (letters, digits, '_', '.', '-') nor a name:tag reference`);
    }
    return `${parsed.name}:${suffix}`;
}
function size(name, value) {
    const bytes = parseSize(value);
    if (bytes === undefined)
        throw new Error(`${name}: '${value}' is not a size such as 2GiB, 500MB or 0`);
    return bytes;
}
function dockerHost(value) {
    if (value && !/^(unix|tcp|ssh|npipe):\/\/./.test(value)) {
        throw new Error(`docker-host: '${value}' is not an endpoint such as unix:///var/run/docker.sock or tcp://host:2376`);
    }
    return value;
}
function parseSettings(read, workspace) {
    const imageText = read('image');
    const image = imageText ? parseRepository(imageText) : undefined;
    if (typeof image === 'string')
        throw new Error(`image: ${image}`);
    const context = external_node_path_.resolve(workspace, read('context') || '.');
    const file = read('file') ? external_node_path_.resolve(workspace, read('file')) : external_node_path_.join(context, 'Dockerfile');
    const artifactsPath = read('artifacts-path') || '/artifacts';
    if (!artifactsPath.startsWith('/')) {
        throw new Error(`artifacts-path: '${artifactsPath}' must be an absolute path inside the container`);
    }
    const username = read('username');
    const password = read('password');
    if (Boolean(username) !== Boolean(password)) {
        throw new Error(`${username ? 'password' : 'username'}: is required when '${username ? 'username' : 'password'}' is set`);
    }
    const registry = read('registry') || image?.registry || '';
    if (password && !registry)
        throw new Error('registry: is required to log in when no image is given');
    return {
        image,
        context,
        file,
        target: read('target'),
        buildArgs: parseKeyValues('build-args', read('build-args')),
        tags: lines(read('tags')).map((tag) => extraTag(image, tag)),
        cacheFrom: lines(read('cache-from')),
        testCommand: read('test-command'),
        testEnv: parseKeyValues('test-env', read('test-env')),
        artifactsPath,
        artifactsDest: external_node_path_.resolve(workspace, read('artifacts-dest') || 'berth-artifacts'),
        push: oneOf('push', read('push') || 'auto', ['auto', 'true', 'false']),
        login: password ? { registry, username, password } : undefined,
        retries: count('retries', read('retries') || '3', 20),
        dockerVersion: read('docker-version'),
        composeVersion: read('compose-version'),
        workspace,
        dockerHost: dockerHost(read('docker-host')),
        minFreeBytes: size('min-free-space', read('min-free-space') || '2GiB'),
        prune: oneOf('prune', read('prune') || 'false', ['true', 'false']) === 'true',
        install: parseInstallSettings(read),
        cache: read('cache') ? oneOf('cache', read('cache'), ['registry', 'actions', 'none']) : '',
        noCache: oneOf('no-cache', read('no-cache') || 'auto', ['auto', 'true', 'false']),
    };
}

// EXTERNAL MODULE: ./lib/src/login.js
var login = __webpack_require__(7327);
// EXTERNAL MODULE: ./lib/src/setup.js + 1 modules
var setup = __webpack_require__(7474);
;// CONCATENATED MODULE: ./lib/src/run-context.js
// Where the commit, ref and event come from: the CI's variables (GitHub, GitLab, CircleCI), or git on a
// local run. Events are named as GitHub names them, so push and tag rules read the same everywhere.


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
    };
}
/** True when the CI's own variables name the commit, so git need not be asked. */
function needsGit(env) {
    return !env.GITHUB_SHA && !env.CI_COMMIT_SHA && !env.CIRCLE_SHA1;
}
function resolveRunContext(env, payload, git) {
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
    };
}
async function gitSays(args, cwd) {
    const result = await (0,exec/* run */.eF)(['git', ...args], { cwd, allowFailure: true, timeoutMs: 10_000 });
    return result.exitCode === 0 ? result.stdout.trim() : '';
}
async function readGit(cwd) {
    const origin = await gitSays(['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'], cwd);
    return {
        sha: await gitSays(['rev-parse', 'HEAD'], cwd),
        branch: await gitSays(['symbolic-ref', '--short', '-q', 'HEAD'], cwd),
        gitTag: await gitSays(['describe', '--tags', '--exact-match', 'HEAD'], cwd),
        defaultBranch: origin.replace(/^origin\//, ''),
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
async function readRunContext(env, cwd) {
    const git = needsGit(env) ? await readGit(cwd) : undefined;
    return resolveRunContext(env, readPayload(env.GITHUB_EVENT_PATH), git);
}

// EXTERNAL MODULE: ./lib/src/state.js
var src_state = __webpack_require__(723);
// EXTERNAL MODULE: ./lib/src/state-save.js
var state_save = __webpack_require__(985);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
;// CONCATENATED MODULE: ./lib/src/tags.js
// The tags a run gets, from the commit, branch, tag and event (cache references are in cache-plan.ts).


/** `1.2.3`, `1.2`, `1` for `v1.2.3`; only the full version for a pre-release; none for a non-semver tag. */
function versionTags(gitTag) {
    const version = semver.parse(gitTag.replace(/^v/, ''));
    if (!version)
        return [];
    if (version.prerelease.length > 0)
        return [toTag(version.version)];
    return [version.version, `${version.major}.${version.minor}`, `${version.major}`];
}
/** Bare tags for a run, most specific first. */
function runTags(context) {
    const tags = [];
    if (context.sha)
        tags.push(`sha-${context.sha.slice(0, 7)}`);
    if (context.pullRequest !== undefined) {
        tags.push(`pr-${context.pullRequest}`);
    }
    else if (context.branch) {
        tags.push(toTag(context.branch));
        if (context.branch === context.defaultBranch)
            tags.push('latest');
    }
    if (context.gitTag) {
        const versions = versionTags(context.gitTag);
        tags.push(...(versions.length > 0 ? versions : [toTag(context.gitTag)]));
    }
    return tags;
}
/** Full references to push: the run's tags on the image, then the extra ones, without repeats. */
function imageTags(image, context, extra) {
    return [...new Set([...runTags(context).map((tag) => `${image.name}:${tag}`), ...extra])];
}

;// CONCATENATED MODULE: ./lib/src/artifacts.js
// Artifacts: `docker cp` out of the stopped test container, beside the push. Never a bind mount: the
// daemon may not see the job's folders (a remote daemon, a job container beside its own daemon).




function planCopy(container, source, dest) {
    return ['docker', 'cp', `${container}:${source.replace(/\/+$/, '')}/.`, dest];
}
/** Counts the files and their bytes below a directory. */
function measure(dir) {
    let files = 0;
    let bytes = 0;
    const walk = (current) => {
        for (const entry of (0,external_node_fs_.readdirSync)(current, { withFileTypes: true })) {
            const full = external_node_path_.join(current, entry.name);
            if (entry.isDirectory())
                walk(full);
            else if (entry.isFile()) {
                files++;
                bytes += (0,external_node_fs_.statSync)(full).size;
            }
        }
    };
    walk(dir);
    return { files, bytes };
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
            throw new Error(`artifacts: docker cp failed: ${result.stderr.trim().split('\n').pop()}`);
        missing = `artifacts-path: ${source} does not exist in the test container; nothing was copied`;
    }
    return { dir: dest, ...measure(dest), missing };
}
function showArtifacts(artifacts) {
    if (artifacts.missing)
        core/* warning */.$e(artifacts.missing);
    core/* info */.pq(`artifacts: ${artifacts.files} files in ${artifacts.dir}`);
}

;// CONCATENATED MODULE: ./lib/src/test-phases.js
// The test and artifacts phases: the test command runs in the built image; its reports are copied out
// with `docker cp` while the push goes on, and the container is removed once they are out.





/** Removes the test container; one the daemon refuses to remove stays in the post state. */
async function removeTestContainer(name, state) {
    const { removed, why } = await (0,test_run/* removeContainer */.od)(name);
    if (!removed)
        return `test: the daemon did not remove ${name} (${why}); post tries again`;
    state.containers = state.containers.filter((container) => container !== name);
    (0,state_save/* saveState */.L)(state);
    return `test: removed ${name}`;
}
/** Runs the tests and starts copying the reports out; undefined when there is no test command. */
async function testPhase(settings, imageId, report, state) {
    if (!settings.testCommand) {
        report.skip('test', 'no test-command given');
        return undefined;
    }
    const name = (0,test_run/* containerName */.xN)('test');
    state.containers.push(name);
    (0,state_save/* saveState */.L)(state);
    const exitCode = await report.phase('test', () => (0,test_run/* runTestContainer */.$X)({ image: imageId, command: settings.testCommand, env: settings.testEnv, name }));
    const passed = exitCode === 0;
    core/* setOutput */.uH('test-exit-code', String(exitCode));
    report.outcome.testExitCode = exitCode;
    report.note('test', `exit ${exitCode}`, passed ? 'ok' : 'failed');
    const copying = background(copyArtifacts(name, settings.artifactsPath, settings.artifactsDest));
    const removal = copying.ended.then(() => removeTestContainer(name, state));
    // read by finishArtifacts, which every path through main awaits
    copying.work.catch(() => undefined);
    return { passed, copying, removal };
}
/** The artifacts phase, written once the push phases are done: the copy's result and the removal. */
async function finishArtifacts(tested, report) {
    try {
        const artifacts = await report.finished('artifacts', tested.copying, showArtifacts);
        core/* setOutput */.uH('artifacts-dir', artifacts.dir);
        report.outcome.artifacts = artifacts;
        report.note('artifacts', `${artifacts.files} files`);
    }
    finally {
        core/* info */.pq(await tested.removal);
    }
}

;// CONCATENATED MODULE: ./lib/src/main.js
// The main step, in the order the README tells it: setup, detect, login, cache, build, test, artifacts, push.

















const DAEMON_VARIABLES = [
    'DOCKER_HOST',
    'DOCKER_TLS_VERIFY',
    'DOCKER_CERT_PATH',
    'DOCKER_CONFIG',
    'DOCKER_CONTEXT',
];
/** The job's folder. CircleCI gives its working directory as `~/project`, so `~` is expanded here. */
function workspace() {
    const env = process.env;
    const circle = env.CIRCLE_WORKING_DIRECTORY?.replace(/^~(?=\/|$)/, (0,external_node_os_.homedir)());
    return env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR || circle || process.cwd();
}
function failureText(error) {
    return error instanceof Error ? error.message : String(error);
}
function daemonEnv() {
    return Object.fromEntries(DAEMON_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}
/** Whether a passing run writes the stage cache: never from a pull request; to a registry only when it pushes. */
function writesCacheOnPass(settings, context, session) {
    if (session.mode === 'none')
        return false;
    if (session.mode === 'actions')
        return context.pullRequest === undefined;
    return pushDecision(settings.push, context.event, true).push;
}
/** The push phase (tags, and stage cache images with them) and the cache push phase (cache alone). */
async function publishPhases(settings, build, testsPassed, report) {
    const { tags, context, session } = build;
    const decision = pushDecision(settings.push, context.event, testsPassed);
    const cache = testsPassed ? build.cache : undefined;
    const cacheNote = (written) => `${written.length} of ${session.caches.length} stage cache images changed`;
    if (!decision.push) {
        report.skip('push', decision.why);
        report.outcome.pushed = [];
    }
    else {
        const [first, written] = await report.phase('push', () => pushWithCache(tags, settings.retries, cache, build.image));
        core/* setOutput */.uH('digest', first.digest);
        Object.assign(report.outcome, { pushed: first.pushed, digest: first.digest });
        if (cache)
            report.note('push', `${tags.length} tags; ${cacheNote(written)}`);
    }
    if (cache && !decision.push) {
        const written = await report.phase('cache push', async () => {
            const refs = await cache.refs;
            await writeCache(cache.session, cache.request, refs, settings.retries);
            return refs;
        });
        report.note('cache push', cacheNote(written));
    }
    else if (!cache) {
        report.skip('cache push', session.mode === 'none' ? 'cache is none' : decision.why);
    }
}
async function pipeline(settings, detection, report, state, buildsDone) {
    const image = settings.image;
    if (!image)
        return;
    const context = await readRunContext(process.env, settings.workspace);
    const tags = imageTags(image, context, settings.tags);
    core/* setOutput */.uH('tags', tags.join('\n'));
    Object.assign(report.outcome, { image: image.name, tags });
    if (settings.login) {
        const credentials = settings.login;
        state.logins.push(credentials.registry);
        (0,state_save/* saveState */.L)(state);
        await report.phase('login', () => (0,login/* login */.iD)(credentials, settings.retries));
    }
    else {
        report.skip('login', 'no credentials given');
    }
    const builder = detection.builder;
    const session = await report.phase('cache', () => readCache(settings, image, context, builder));
    report.note('cache', `${session.mode}, ${session.sources.cacheFrom.length} sources`);
    await detection.ready;
    const request = {
        builder,
        ...settings,
        tags,
        ...noCacheFlags(settings.noCache, context.event),
    };
    const built = await report.phase('build', () => buildWithCache(request, session.parsed, session.caches, session.sources, session.extra));
    const hits = built.rows.reduce((sum, row) => sum + row.hits, 0);
    const steps = built.rows.reduce((sum, row) => sum + row.steps, 0);
    const cacheHits = `${hits}/${steps}`;
    core/* setOutput */.uH('image-id', built.imageId);
    core/* setOutput */.uH('cache-hits', cacheHits);
    Object.assign(report.outcome, { imageId: built.imageId, cacheHits });
    report.sections.push(cacheSection(built));
    report.note('build', `${cacheHits} steps from cache, ${builder} builder`);
    // the stage cache images are tagged (or built from the local cache) while the tests run
    const cache = writesCacheOnPass(settings, context, session)
        ? prepareCache(session, request, built)
        : undefined;
    // detection's slow parts start once no build reads the context (the stage cache builds included)
    void (cache?.refs ?? Promise.resolve()).finally(buildsDone);
    const tested = await testPhase(settings, built.imageId, report, state);
    const testsPassed = tested?.passed ?? true;
    // the reports are copied out while the push goes on; the artifacts phase is written after it
    const pushFailure = await publishPhases(settings, {
        tags,
        context,
        session,
        cache,
        image: {
            imageId: built.imageId,
            whole: wholeFromRepository(built.rows, image.name),
            login: settings.login,
        },
    }, testsPassed, report).then(() => '', failureText);
    const copyFailure = tested ? await finishArtifacts(tested, report).then(() => '', failureText) : '';
    const failures = [pushFailure, copyFailure].filter(Boolean);
    if (failures.length > 0)
        throw new Error(failures.join('; '));
    if (!testsPassed) {
        throw new Error(`test-command failed with exit code ${report.outcome.testExitCode}; reports are in ${settings.artifactsDest}, nothing was pushed`);
    }
}
async function main_main() {
    (0,state_save/* markMainRan */.Q)();
    const report = new Report();
    const state = (0,src_state/* emptyState */.p$)();
    try {
        const settings = parseSettings((name) => core/* getInput */.V4(name), workspace());
        if (settings.login)
            (0,login/* maskCredentials */.Bs)(settings.login);
        await (0,setup/* setup */.m)(settings.install, report, state);
        let buildsDone = () => undefined;
        const after = new Promise((resolve) => (buildsDone = resolve));
        const detection = await report.phase('detect', () => startDetect({ ...settings, after }));
        state.daemonEnv = daemonEnv();
        (0,state_save/* saveState */.L)(state);
        const at = report.sections.length;
        try {
            if (settings.image)
                await pipeline(settings, detection, report, state, buildsDone);
            else
                report.skip('build', 'no image given: detect and set up only');
        }
        finally {
            buildsDone();
            publishEnvironment(await detection.environment, report, at);
        }
    }
    catch (error) {
        core/* setFailed */.C1(failureText(error));
    }
    finally {
        await report.writeSummary();
    }
}


/***/ }),

/***/ 985:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ saveState),
/* harmony export */   Q: () => (/* binding */ markMainRan)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3838);
/* harmony import */ var _state_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(723);
// Main's side of the state handed to post (state.ts): saved with each thing berth creates.


function saveState(state) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(_state_js__WEBPACK_IMPORTED_MODULE_1__/* .STATE_KEYS */ .LU.state, JSON.stringify(state));
}
/** Set in main, so the one bundle knows it runs as post the second time. */
function markMainRan() {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(_state_js__WEBPACK_IMPORTED_MODULE_1__/* .STATE_KEYS */ .LU.mainRan, 'true');
}


/***/ })

};
