// GitLab's dind service without TLS (DOCKER_TLS_CERTDIR=""): the daemon on tcp://docker:2375, found by
// berth with no DOCKER_HOST as the docker image's entrypoint finds it, or given as the GitLab docs show.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gitlabVariables, runDindJob } from '../helpers/dind-jobs.js';
import { startDind, type Dind } from '../helpers/dind.js';
import { checkCiAndVisibility, checkEnvironment, checkPushed } from '../helpers/scenario-checks.js';
import { debianImage, Scope } from '../helpers/scope.js';
import { randomSha } from '../helpers/testbed.js';

describe('a plain TCP daemon in docker-in-docker', () => {
  const scope = new Scope();
  let image = '';
  let dind: Dind;
  before(async () => {
    image = debianImage();
    dind = await startDind(scope, image, { tls: false });
  });
  after(() => assert.deepEqual(scope.cleanup(), [], 'everything the scenarios created was removed'));

  it('GitLab dind without TLS: berth finds tcp://docker:2375, with no DOCKER_HOST', async () => {
    const sha = randomSha();
    const { main, repository } = await runDindJob(scope, dind, {
      label: 'gitlab-plain',
      image,
      env: gitlabVariables(sha, { DOCKER_TLS_CERTDIR: '' }),
    });
    checkEnvironment(main, {
      host: 'tcp://docker:2375',
      source: /dind/i,
      storageDriver: 'overlay2',
      builder: 'buildkit',
    });
    assert.equal(main.env.DOCKER_HOST, 'tcp://docker:2375', 'exported for later steps');
    assert.equal(main.env.DOCKER_TLS_VERIFY, undefined, 'no TLS exported');
    await checkPushed(repository, sha);
    checkCiAndVisibility(main, 'gitlab');
  });

  it('GitLab dind without TLS, DOCKER_HOST=tcp://docker:2375 given', async () => {
    const sha = randomSha();
    const { main, repository } = await runDindJob(scope, dind, {
      label: 'gitlab-plain-host',
      image,
      env: gitlabVariables(sha, { DOCKER_TLS_CERTDIR: '', DOCKER_HOST: 'tcp://docker:2375' }),
    });
    checkEnvironment(main, {
      host: 'tcp://docker:2375',
      source: 'DOCKER_HOST',
      storageDriver: 'overlay2',
      builder: 'buildkit',
    });
    await checkPushed(repository, sha);
    checkCiAndVisibility(main, 'gitlab');
  });
});
