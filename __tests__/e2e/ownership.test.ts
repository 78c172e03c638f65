// A runner that is not root: the step runs as its own user (with the docker group, as a self-hosted
// runner's user has it). The reports the tests wrote as root, and as another user, come out owned by
// the runner; what a service wrote as root into a folder of the workspace it binds is handed back in
// post. No file of another user is left in the workspace.
import assert from 'node:assert/strict';
import { chownSync, cpSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { bundle, Job, jobDockerConfig, repoRoot } from '../helpers/action-runner.js';
import { pushToMain, uniqueRepository } from '../helpers/testbed.js';
import { foreignFiles } from '../../src/test-run/ownership.js';

const RUNNER = 4321;
const sampleApp = path.join(repoRoot, '__tests__', 'fixtures', 'sample-app');

function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid);
    else chownSync(full, uid, uid);
  }
}

const COMPOSE = [
  'services:',
  '  writer:',
  '    image: busybox',
  '    command: ["sh", "-c", "mkdir -p /data/deep && echo by-root > /data/deep/written.txt && exec sleep 600"]',
  '    stop_signal: SIGKILL',
  '    volumes: ["../data:/data"]',
  '',
].join('\n');

describe('a runner that is not root', () => {
  it('owns every file berth copies out, and every file a service left in the workspace', async () => {
    const socket = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
    const dockerGroup = statSync(socket).gid;
    const config = jobDockerConfig();
    const job = new Job({
      inputs: {
        image: uniqueRepository('non-root'),
        context: 'app',
        cache: 'none',
        'compose-file': 'ci/compose.yaml',
        'test-command':
          'mkdir -p /artifacts/other && echo root > /artifacts/root.txt && echo other > /artifacts/other/o.txt && chown -R 1000:1000 /artifacts/other',
      },
      env: { ...pushToMain(process.env.DOCKER_HOST ?? ''), DOCKER_CONFIG: config },
      command: [
        ...['setpriv', `--reuid=${RUNNER}`, `--regid=${RUNNER}`, `--groups=${dockerGroup}`],
        ...[process.execPath, bundle],
      ],
    });
    cpSync(sampleApp, path.join(job.workspace, 'app'), { recursive: true });
    mkdirSync(path.join(job.workspace, 'ci'));
    // no data folder: the daemon makes it, as root, for the bind mount
    writeFileSync(path.join(job.workspace, 'ci', 'compose.yaml'), COMPOSE);
    // the runner's own PATH: no folder of root's home, which it cannot read
    const PATH = (process.env.PATH ?? '')
      .split(':')
      .filter((dir) => !dir.startsWith('/root'))
      .join(':');
    Object.assign(job.env, { HOME: job.dir, PATH });
    chownTree(job.dir, RUNNER);
    chownTree(config, RUNNER);

    const main = await job.main();
    assert.equal(main.exitCode, 0, main.log);
    const reports = main.outputs['artifacts-dir'] ?? '';
    assert.equal(statSync(path.join(reports, 'other', 'o.txt')).uid, RUNNER);
    assert.equal(statSync(path.join(reports, 'root.txt')).uid, RUNNER);
    assert.deepEqual(foreignFiles(reports, RUNNER), []);
    const written = path.join(job.workspace, 'data', 'deep', 'written.txt');
    assert.equal(statSync(written).uid, 0, 'the service wrote as root into the bound folder');

    const post = await job.post();
    assert.equal(post.exitCode, 0, post.log);
    assert.match(post.log, /cleanup: 3 files a service wrote in .*\/data handed back to 4321:4321/);
    assert.deepEqual(foreignFiles(job.workspace, RUNNER), [], 'no file of another user in the workspace');
  });
});
