// The post step: remove what berth created, log out, stop a daemon it started, put back the CLI plugins
// it replaced. It warns about what it could not do and never fails the job.
import * as core from '@actions/core';
import { removeContainer } from './core/container.js';
import { errorText } from './core/errors.js';
import { run } from './core/exec.js';
import { stopDaemon } from './daemon/stop.js';
import { restorePlugins } from './install/plugin-files.js';
import { planLogout } from './registry/login.js';
import type { PostState } from './state.js';

async function removeContainers(names: readonly string[]): Promise<string[]> {
  const left: string[] = [];
  for (const name of names) {
    const { removed, why } = await removeContainer(name);
    if (removed) continue;
    left.push(name);
    core.warning(`cleanup: could not remove container ${name}: ${why}`);
  }
  return left;
}

/** Undoes what `state` lists; index.ts loads this step only when it lists something. */
export async function post(state: PostState): Promise<void> {
  try {
    Object.assign(process.env, state.daemonEnv);
    const left = await removeContainers(state.containers);
    if (left.length > 0) core.warning(`cleanup: left behind on the daemon: ${left.join(', ')}`);
    for (const registry of state.logins) {
      const result = await run(planLogout(registry), { allowFailure: true, timeoutMs: 60_000 });
      if (result.exitCode !== 0)
        core.warning(`cleanup: logout from ${registry} failed: ${result.stderr.trim()}`);
    }
    if (state.daemon) await stopDaemon(state.daemon);
    restorePlugins(state.plugins);
  } catch (error) {
    core.warning(`cleanup: ${errorText(error)}`);
  }
}
