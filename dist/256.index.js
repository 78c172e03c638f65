export const id = 256;
export const ids = [256];
export const modules = {

/***/ 2256:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   matchingFiles: () => (/* binding */ matchingFiles),
/* harmony export */   parseJUnit: () => (/* binding */ parseJUnit),
/* harmony export */   readReports: () => (/* binding */ readReports),
/* harmony export */   slowest: () => (/* binding */ slowest),
/* harmony export */   totalsLine: () => (/* binding */ totalsLine)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1143);
/* harmony import */ var minimatch__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3581);
// Test reports read: the JUnit XML files among the copied artifacts. A red job says which tests failed
// (one annotation each, with the file and line the report gives) without anyone downloading anything;
// the summary has the totals and the slowest tests. A file that is not JUnit is passed over; one that
// is JUnit but does not parse is a warning that names it. Parsed with fast-xml-parser, matched with
// minimatch: both are what the toolkit's own packages use.




const parser = new fast_xml_parser__WEBPACK_IMPORTED_MODULE_3__/* ["default"] */ .A({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    // elements always as lists (a suite of one case reads as a suite of many); attributes as values
    isArray: (_name, _path, _leaf, attribute) => !attribute,
    // a failure's text is kept as text, whatever it looks like
    parseTagValue: false,
    parseAttributeValue: false,
});
const list = (value) => (Array.isArray(value) ? value : []);
const text = (value) => (typeof value === 'string' ? value : '');
/** The first child element `key`; an element with text only comes back as `{ '#text': text }`. */
function first(node, key) {
    const value = (Array.isArray(node[key]) ? node[key] : [])[0];
    if (value === undefined)
        return undefined;
    return typeof value === 'object' && value !== null ? value : { '#text': String(value) };
}
function caseOf(suite, node) {
    const failure = first(node, 'failure') ?? first(node, 'error');
    const skipped = first(node, 'skipped');
    const message = failure ? text(failure.message) || text(failure['#text']) : '';
    const line = Number(text(node.line));
    return {
        suite,
        name: text(node.name) || '(unnamed)',
        status: failure ? 'failed' : skipped ? 'skipped' : 'passed',
        seconds: Number(text(node.time)) || 0,
        message: message.trim().split('\n')[0] ?? '',
        ...(text(node.file) ? { file: text(node.file) } : {}),
        ...(Number.isInteger(line) && line > 0 ? { line } : {}),
    };
}
function suiteCases(node) {
    const suite = text(node.name) || '(unnamed suite)';
    return [
        ...list(node.testcase).map((testcase) => caseOf(suite, testcase)),
        ...list(node.testsuite).flatMap(suiteCases),
    ];
}
/** The cases of one JUnit document; undefined when it is not JUnit (no testsuites/testsuite root). */
function parseJUnit(xml) {
    if (!/<testsuites?[\s>]/.test(xml))
        return undefined;
    const document = parser.parse(xml, true);
    const roots = [
        ...list(document.testsuites),
        ...list(document.testsuite).map((suite) => ({ testsuite: [suite] })),
    ];
    if (roots.length === 0)
        throw new Error('no testsuites or testsuite element');
    return roots.flatMap((root) => list(root.testsuite).flatMap(suiteCases));
}
/** The files under `dir` whose path relative to it matches `pattern`. */
function matchingFiles(dir, pattern) {
    let names;
    try {
        names = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir, { recursive: true, encoding: 'utf8' });
    }
    catch {
        return [];
    }
    return names.filter((name) => (0,minimatch__WEBPACK_IMPORTED_MODULE_2__/* .minimatch */ .xF)(name, pattern, { dot: true })).map((name) => node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, name));
}
/** Reads every JUnit report among `dir`'s files that match `pattern`. */
function readReports(dir, pattern) {
    const totals = { passed: 0, failed: 0, skipped: 0, seconds: 0, cases: [], broken: [] };
    for (const file of matchingFiles(dir, pattern)) {
        let cases;
        try {
            cases = parseJUnit((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
        }
        catch (error) {
            totals.broken.push({
                file,
                why: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
            });
            continue;
        }
        for (const testcase of cases ?? []) {
            totals[testcase.status]++;
            totals.seconds += testcase.seconds;
            totals.cases.push(testcase);
        }
    }
    return totals;
}
/** `passed=N failed=N skipped=N`, the `tests` output. */
function totalsLine(totals) {
    return `passed=${totals.passed} failed=${totals.failed} skipped=${totals.skipped}`;
}
/** The slowest cases, slowest first. */
function slowest(totals, count) {
    return [...totals.cases].sort((a, b) => b.seconds - a.seconds).slice(0, count);
}


/***/ })

};
