// A daemon reached over TCP with TLS, in a container of its own (docker-in-docker): GitLab's dind
// service (found by berth from /certs/client alone, or given in DOCKER_HOST) and CircleCI's remote
// docker (DOCKER_HOST with an IP, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH). One dind serves the file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDind, type Dind } from '../helpers/dind.js';
import { JobContainer } from '../helpers/job-container.js';
import { checkCiAndVisibility, checkEnvironment, checkPushed } from '../helpers/scenario-checks.js';
import { runDindJob, gitlabVariables, circleciVariables } from '../helpers/dind-jobs.js';
import { debianImage, Scope } from '../helpers/scope.js';
import { randomSha } from '../helpers/testbed.js';

describe('a TLS daemon in docker-in-docker', () => {
  const scope = new Scope();
  let image = '';
  let dind: Dind;
  before(async () => {
    image = debianImage();
    dind = await startDind(scope, image, { tls: true });
  });
  after(() => assert.deepEqual(scope.cleanup(), [], 'everything the scenarios created was removed'));

  it('GitLab dind with TLS: berth finds tcp://docker:2376 from /certs/client, with no DOCKER_HOST', async () => {
    const sha = randomSha();
    const { main, repository } = await runDindJob(scope, dind, {
      label: 'gitlab-tls',
      image,
      env: gitlabVariables(sha, { DOCKER_TLS_CERTDIR: '/certs' }),
      runArgs: ['--volume', `${dind.certsVolume}:/certs/client:ro`],
    });
    checkEnvironment(main, {
      host: 'tcp://docker:2376',
      source: /dind/i,
      storageDriver: 'overlay2',
      builder: 'buildkit',
    });
    assert.equal(main.env.DOCKER_HOST, 'tcp://docker:2376', 'exported for later steps');
    assert.equal(main.env.DOCKER_TLS_VERIFY, '1');
    assert.equal(main.env.DOCKER_CERT_PATH, '/certs/client');
    await checkPushed(repository, sha);
    checkCiAndVisibility(main, 'gitlab');
  });

  it('GitLab dind with TLS, DOCKER_HOST given as the GitLab docs show', async () => {
    const sha = randomSha();
    const { main, repository } = await runDindJob(scope, dind, {
      label: 'gitlab-tls-host',
      image,
      env: gitlabVariables(sha, {
        DOCKER_TLS_CERTDIR: '/certs',
        DOCKER_HOST: 'tcp://docker:2376',
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: '/certs/client',
      }),
      runArgs: ['--volume', `${dind.certsVolume}:/certs/client:ro`],
    });
    checkEnvironment(main, {
      host: 'tcp://docker:2376',
      source: 'DOCKER_HOST',
      storageDriver: 'overlay2',
      builder: 'buildkit',
    });
    await checkPushed(repository, sha);
    checkCiAndVisibility(main, 'gitlab');
  });

  it('CircleCI remote docker: DOCKER_HOST by IP, certificates copied in, no bind mounts', async () => {
    const sha = randomSha();
    const certPath = '/tmp/docker-certs123';
    const { main, repository } = await runDindJob(scope, dind, {
      label: 'circleci',
      image,
      env: circleciVariables(sha, {
        DOCKER_HOST: `tcp://${dind.ip}:2376`,
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: certPath,
        DOCKER_MACHINE_NAME: '123',
      }),
      prepare: (job: JobContainer) => job.copyIn(`${dind.certs?.client}/.`, certPath, false),
    });
    checkEnvironment(main, {
      host: `tcp://${dind.ip}:2376`,
      source: 'DOCKER_HOST',
      storageDriver: 'overlay2',
      builder: 'buildkit',
    });
    await checkPushed(repository, sha);
    checkCiAndVisibility(main, 'circleci');
  });
});
