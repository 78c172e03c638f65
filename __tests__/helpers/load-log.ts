// Preloaded into a step with `node --import`: appends the URL of every module file the step loads to
// the file named by BERTH_LOAD_LOG, one a line, so a test can see which chunks of the bundle a step read.
import { appendFileSync } from 'node:fs';
import { register, type LoadHook } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';

// Module hooks run on a thread of their own, which loads this same file: register only once.
if (isMainThread) register(import.meta.url);

export const load: LoadHook = (url, context, nextLoad) => {
  const log = process.env.BERTH_LOAD_LOG;
  if (log && url.startsWith('file:')) appendFileSync(log, `${fileURLToPath(url)}\n`);
  return nextLoad(url, context);
};
