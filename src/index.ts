// One bundle serves both steps: main the first time, post once main has marked its state. Each step
// is imported only when it runs, so each is a chunk of its own and loads only its own code. This file
// imports no package: a post with nothing to undo stops here having loaded nothing else, and the
// bundler's licenses.txt stays complete (__tests__/unit/licenses.test.ts says why).
import { askEarly } from './detect/early.js';
import { hasCleanup, isPost, loadState } from './core/state.js';

if (!isPost()) {
  // the ping runs while main's chunks load
  askEarly();
  await (await import('./main.js')).main();
} else {
  const state = loadState();
  if (hasCleanup(state)) await (await import('./post.js')).post(state);
}
