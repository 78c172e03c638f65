// One bundle serves both steps: main the first time, post once main has marked its state. Each step
// is imported only when it runs, so each is a chunk of its own and loads only its own code. This file
// imports no package: a post with nothing to undo stops here having loaded nothing else, and the
// bundler's licenses.txt stays complete (__tests__/unit/licenses.test.ts says why).
import { withKind } from './core/errors.js';
import { askEarly } from './detect/early.js';
import { envInputs, parseSettings, workspace, type Settings } from './inputs.js';
import { hasCleanup, isPost, loadState } from './state.js';

/** The inputs, checked before any command runs; or why they are not valid, for main to report. */
function readSettings(): Settings | Error {
  try {
    const env = { ...process.env, ...secrets };
    return parseSettings(envInputs(env), workspace(process.env));
  } catch (error) {
    return withKind('input', error instanceof Error ? error : new Error(String(error)));
  }
}

/** The passwords as main reads them; then gone, in main and post, so that no command berth starts inherits them. */
const secrets: Record<string, string> = {};
for (const name of ['INPUT_PASSWORD', 'INPUT_LOGINS']) {
  const value = process.env[name];
  if (value !== undefined) secrets[name] = value;
  Reflect.deleteProperty(process.env, name);
}

if (!isPost()) {
  const settings = readSettings();
  // the ping runs while main's chunks load (about 0.07 s sooner to the build)
  if (!(settings instanceof Error)) askEarly(settings.detect.dockerHost);
  await (await import('./main.js')).main(settings);
} else {
  const state = loadState();
  if (hasCleanup(state)) await (await import('./post.js')).post(state);
}
