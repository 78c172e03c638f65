// Malformed and hostile inputs, each with the start of the one-line error it must give: shared by the
// unit test of the parser and the end-to-end test of the bundled action.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Lays out what the rows expect in a workspace: a Dockerfile, a folder, a link that leads out of it. */
export function hostileWorkspace(dir: string): string {
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\n');
  mkdirSync(path.join(dir, 'app'));
  symlinkSync('/etc', path.join(dir, 'escape'));
  return dir;
}

const image = { image: 'ghcr.io/acme/shop' };

/** Malformed inputs and the start of the one-line error each must give. */
export const BAD: [Record<string, string>, RegExp][] = [
  [{ image: 'ghcr.io/acme/shop:1' }, /^image: must be a repository without a tag/],
  [{ image: 'ghcr.io/acme/shop', build: 'false' }, /^image: 'ghcr\.io\/acme\/shop' needs a tag or a digest/],
  [{ image: '--pull=always:x', build: 'false' }, /^image: '--pull=always:x' starts with '-'/],
  [{ build: 'maybe' }, /^build: 'maybe' is not one of true, false$/],
  [{ image: 'x/y:1', build: 'false' }, /^test-command: is required when build is false/],
  [{ ...image, 'compose-file': 'Dockerfile' }, /^test-command: is required with compose-file/],
  [
    { ...image, 'compose-file': '../compose.yaml' },
    /^compose-file: '\.\.\/compose\.yaml' is outside the workspace/,
  ],
  [{ ...image, 'compose-file': 'missing.yaml' }, /^compose-file: 'missing\.yaml' does not exist$/],
  [
    { ...image, 'compose-services': 'db --force-recreate' },
    /^compose-services: '--force-recreate' is not a service name/,
  ],
  [{ ...image, 'compose-timeout': 'soon' }, /^compose-timeout: 'soon' is not a duration/],
  [{ image: 'ghcr.io/acme/Sh op' }, /^image: has an invalid path component/],
  [{ image: '--help' }, /^image: has an invalid path component/],
  [{ image: 'x/y@sha256:00' }, /^image: must not carry a digest/],
  [
    { ...image, registry: '--help', username: 'u', password: 'p' },
    /^registry: '--help' is not a registry host/,
  ],
  [{ ...image, registry: 'ghcr.io\nx' }, /^registry: .* is not a registry host/],
  [{ ...image, registry: 'https://ghcr.io/x' }, /^registry: .* is not a registry host/],
  [{ ...image, 'cache-from': '--all-tags' }, /^cache-from: '--all-tags' starts with '-'/],
  [{ ...image, 'cache-from': 'ghcr.io/acme/shop:bad tag' }, /^cache-from: .*use an image reference/],
  [{ ...image, 'cache-from': 'ghcr.io/acme/shop@sha256:xyz' }, /^cache-from: .*invalid digest/],
  [{ ...image, tags: '-x' }, /^tags: '-x' is neither a tag/],
  [{ ...image, tags: 'a b' }, /^tags: 'a b' is neither a tag/],
  [{ ...image, tags: 'ghcr.io/acme/shop:' }, /^tags: .* is neither a tag/],
  [{ tags: 'edge' }, /^tags: bare tag 'edge' needs 'image'/],
  [{ ...image, target: '--build-arg' }, /^target: '--build-arg' is not a stage name/],
  [{ ...image, target: 'a b' }, /^target: 'a b' is not a stage name/],
  [{ 'docker-host': 'http://x' }, /^docker-host: 'http:\/\/x' is not an endpoint/],
  [{ 'docker-host': 'tcp://docker:2376 --tls' }, /^docker-host: .* is not an endpoint/],
  [{ 'docker-host': 'unix:///a\nb' }, /^docker-host: .* is not an endpoint/],
  [{ 'docker-host': '/var/run/docker.sock' }, /^docker-host: .* is not an endpoint/],
  [{ ...image, username: 'u\n::error::forged', password: 'p' }, /^username: has a line break/],
  [{ ...image, username: 'u', password: 'p\u0007' }, /^password: has a line break/],
  [{ ...image, username: 'u' }, /^password: is required when 'username' is set$/],
  [{ ...image, password: 'p' }, /^username: is required when 'password' is set$/],
  [{ ...image, push: 'yes' }, /^push: 'yes' is not one of auto, true, false$/],
  [{ ...image, retries: '-1' }, /^retries: '-1' is not a whole number from 0 to 20$/],
  [{ ...image, retries: '1e3' }, /^retries: '1e3' is not a whole number/],
  [{ ...image, 'min-free-space': 'lots' }, /^min-free-space: 'lots' is not a size/],
  [{ ...image, prune: 'maybe' }, /^prune: 'maybe' is not one of true, false$/],
  [{ ...image, 'test-timeout': '10' }, /^test-timeout: '10' is not a duration such as 90s/],
  [{ ...image, 'test-timeout': '1d' }, /^test-timeout: '1d' is not a duration/],
  [{ ...image, 'test-timeout': '-5m' }, /^test-timeout: '-5m' is not a duration/],
  [
    { ...image, 'build-args': 'DOCKER_HOST=tcp://evil:2375' },
    /^build-args: DOCKER_HOST is read by the docker client/,
  ],
  [{ ...image, 'build-args': 'PATH=/x' }, /^build-args: PATH is read by the docker client/],
  [
    { ...image, 'build-args': 'BUILDX_BUILDER=x' },
    /^build-args: BUILDX_BUILDER is read by the docker client/,
  ],
  [{ ...image, 'build-args': 'no equals' }, /^build-args: line 1 is not KEY=VALUE/],
  [{ ...image, 'test-env': '1X=y' }, /^test-env: line 1 is not KEY=VALUE/],
  [{ ...image, 'test-env': 'A=1\nA=2' }, /^test-env: A is given twice$/],
  [{ ...image, 'artifacts-path': 'out' }, /^artifacts-path: 'out' must be an absolute path/],
  [{ ...image, 'artifacts-dest': '../../..' }, /^artifacts-dest: '..\/..\/..' is not inside the workspace/],
  [
    { ...image, 'artifacts-dest': '/etc/cron.d' },
    /^artifacts-dest: '\/etc\/cron.d' is not inside the workspace/,
  ],
  [
    { ...image, 'artifacts-dest': 'escape/reports' },
    /^artifacts-dest: 'escape\/reports' is not inside the workspace or the runner's temp dir \(links followed\)/,
  ],
  [{ ...image, context: 'nowhere' }, /^context: 'nowhere' does not exist$/],
  [{ ...image, file: '../Dockerfile' }, /^file: '..\/Dockerfile' is outside the workspace/],
  [{ ...image, file: 'app/Dockerfile' }, /^file: 'app\/Dockerfile' does not exist/],
  [{ ...image, cache: 's3' }, /^cache: 's3' is not one of registry, actions, none$/],
  [{ ...image, 'no-cache': 'always' }, /^no-cache: 'always' is not one of auto, true, false$/],
  [{ 'docker-version': '27.3' }, /^docker-version: '27\.3' is not a version/],
  [{ 'docker-download-url': 'file:///etc' }, /^docker-download-url: 'file:\/\/\/etc' is not a URL/],
  [
    { 'daemon-config': '{"debug": tru, "token": "s3cret"}' },
    /^daemon-config: is not valid JSON: use an object/,
  ],
  [{ 'storage-driver': 'aufs', daemon: 'dedicated' }, /^storage-driver: 'aufs' is not one of/],
];
