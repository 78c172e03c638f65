import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
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
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  We: () => (/* binding */ parseArguments),
  Df: () => (/* binding */ readFileCommands),
  g5: () => (/* binding */ summaryText)
});

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: ./lib/src/inputs.js
// Inputs are read here once, into a typed and validated object; nothing else calls core.getInput.



/** Every input action.yml declares; the CLI accepts these as `--name value`. */
const INPUT_NAMES = [
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
    'cache',
    'no-cache',
];
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
function parseSettings(read, workspace) {
    const imageText = read('image');
    const image = imageText ? parseRepository(imageText) : undefined;
    if (typeof image === 'string')
        throw new Error(`image: ${image}`);
    const context = path.resolve(workspace, read('context') || '.');
    const file = read('file') ? path.resolve(workspace, read('file')) : path.join(context, 'Dockerfile');
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
        artifactsDest: path.resolve(workspace, read('artifacts-dest') || 'berth-artifacts'),
        push: oneOf('push', read('push') || 'auto', ['auto', 'true', 'false']),
        login: password ? { registry, username, password } : undefined,
        retries: count('retries', read('retries') || '3', 20),
        dockerVersion: read('docker-version'),
        composeVersion: read('compose-version'),
        workspace,
        cache: read('cache') ? oneOf('cache', read('cache'), ['registry', 'actions', 'none']) : '',
        noCache: oneOf('no-cache', read('no-cache') || 'auto', ['auto', 'true', 'false']),
    };
}

;// CONCATENATED MODULE: ./lib/src/cli.js
// berth outside a CI: `berth --image NAME --test-command CMD ...` runs the action's main and post steps
// the way a runner would (inputs in INPUT_*, file commands in a temporary folder) and prints the
// outputs and the summary as text. Each `--name value` is an input of action.yml.






const USAGE = `usage: berth [--input-name value ...]\ninputs: ${INPUT_NAMES.join(', ')}`;
function parseArguments(argv) {
    const inputs = {};
    for (let index = 0; index < argv.length; index += 2) {
        const flag = argv[index] ?? '';
        const name = flag.replace(/^--/, '');
        if (!flag.startsWith('--') || !INPUT_NAMES.includes(name)) {
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
function main() {
    let inputs;
    try {
        inputs = parseArguments(process.argv.slice(2));
    }
    catch (error) {
        console.error(error instanceof Error ? error.message : error);
        return 2;
    }
    const bundle = external_node_path_namespaceObject.join(external_node_path_namespaceObject.dirname((0,external_node_url_namespaceObject.fileURLToPath)(import.meta.url)), '..', 'index.js');
    const dir = (0,external_node_fs_namespaceObject.mkdtempSync)(external_node_path_namespaceObject.join((0,external_node_os_namespaceObject.tmpdir)(), 'berth-cli-'));
    const file = (name) => external_node_path_namespaceObject.join(dir, name);
    for (const name of ['output', 'env', 'state', 'summary', 'path'])
        (0,external_node_fs_namespaceObject.writeFileSync)(file(name), '');
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
        const step = (0,external_node_child_process_namespaceObject.spawnSync)(process.execPath, [bundle], { env, stdio: 'inherit' });
        const state = readFileCommands((0,external_node_fs_namespaceObject.readFileSync)(file('state'), 'utf8'));
        const exported = readFileCommands((0,external_node_fs_namespaceObject.readFileSync)(file('env'), 'utf8'));
        const postEnv = {
            ...env,
            ...exported,
            ...Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v])),
        };
        (0,external_node_child_process_namespaceObject.spawnSync)(process.execPath, [bundle], { env: postEnv, stdio: 'inherit' });
        const outputs = readFileCommands((0,external_node_fs_namespaceObject.readFileSync)(file('output'), 'utf8'));
        console.log('\nOutputs');
        for (const [name, value] of Object.entries(outputs))
            console.log(`  ${name}: ${value.replace(/\n/g, ', ')}`);
        console.log(`\n${summaryText((0,external_node_fs_namespaceObject.readFileSync)(file('summary'), 'utf8'))}`);
        return step.status ?? 1;
    }
    finally {
        (0,external_node_fs_namespaceObject.rmSync)(dir, { recursive: true, force: true });
    }
}
// Run only as the program, not when a test imports the parsers above.
if (process.argv[1] && import.meta.url === (0,external_node_url_namespaceObject.pathToFileURL)(process.argv[1]).href)
    process.exitCode = main();

var __webpack_exports__parseArguments = __webpack_exports__.We;
var __webpack_exports__readFileCommands = __webpack_exports__.Df;
var __webpack_exports__summaryText = __webpack_exports__.g5;
export { __webpack_exports__parseArguments as parseArguments, __webpack_exports__readFileCommands as readFileCommands, __webpack_exports__summaryText as summaryText };
