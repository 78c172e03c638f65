export const id = 342;
export const ids = [342];
export const modules = {

/***/ 7342:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3838);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1689);
/* harmony import */ var _login_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7327);
/* harmony import */ var _setup_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7474);
/* harmony import */ var _test_run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9324);
// The post step: remove what berth created and log out. It warns about what it could not do and
// never fails the job.





async function removeContainers(names) {
    const left = [];
    for (const name of names) {
        const { removed, why } = await (0,_test_run_js__WEBPACK_IMPORTED_MODULE_4__/* .removeContainer */ .od)(name);
        if (removed)
            continue;
        left.push(name);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`cleanup: could not remove container ${name}: ${why}`);
    }
    return left;
}
/** Undoes what `state` lists; index.ts loads this step only when it lists something. */
async function post(state) {
    try {
        Object.assign(process.env, state.daemonEnv);
        const left = await removeContainers(state.containers);
        if (left.length > 0)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`cleanup: left behind on the daemon: ${left.join(', ')}`);
        for (const registry of state.logins) {
            const result = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .eF)((0,_login_js__WEBPACK_IMPORTED_MODULE_2__/* .planLogout */ .w1)(registry), { allowFailure: true, timeoutMs: 60_000 });
            if (result.exitCode !== 0)
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`cleanup: logout from ${registry} failed: ${result.stderr.trim()}`);
        }
        if (state.setup)
            await (0,_setup_js__WEBPACK_IMPORTED_MODULE_3__/* .undoSetup */ .u)(state.setup);
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
    }
}


/***/ })

};
