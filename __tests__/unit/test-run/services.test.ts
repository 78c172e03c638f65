import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nearestFolder, readConfig } from '../../../src/test-run/binds.js';
import {
  networksOf,
  parseStates,
  planDown,
  planUp,
  readiness,
  type ServiceState,
} from '../../../src/test-run/services.js';

const project = {
  tool: ['docker', 'compose'],
  name: 'berth-services-1',
  files: ['/w/a.yaml', '/w/b.yaml'],
  directory: '/w',
  binds: [],
  images: ['shop'],
};

const state = (service: string, status: string, health = '', exitCode = 0, networks = ['p_default']) =>
  ({ id: `id-${service}`, service, status, health, exitCode, networks }) satisfies ServiceState;

describe('compose plans', () => {
  it('names the project and every file, and starts only the services asked for', () => {
    assert.deepEqual(planUp(project, ['db']), [
      ...[
        'docker',
        'compose',
        '--project-name',
        'berth-services-1',
        '--project-directory',
        '/w',
        '--file',
        '/w/a.yaml',
        '--file',
        '/w/b.yaml',
      ],
      ...['up', '--detach', 'db'],
    ]);
    const v1 = { ...project, tool: ['docker-compose'], files: ['/w/a.yaml'] };
    assert.deepEqual(planDown(v1), [
      ...['docker-compose', '--project-name', 'berth-services-1', '--project-directory', '/w'],
      ...['--file', '/w/a.yaml'],
      ...['down', '--volumes', '--remove-orphans', '--timeout', '3'],
    ]);
    assert.ok(!planUp(project, []).includes('--force-recreate'));
  });

  it('reads the states docker inspect prints', () => {
    const text =
      'abc\tdb\trunning\thealthy\t0\t{"p_default":{"IPAddress":"10.0.0.2"}}\n' +
      'def\tinit\texited\t\t0\t{"p_back":{},"p_default":{}}\n';
    assert.deepEqual(parseStates(text), [
      {
        id: 'abc',
        service: 'db',
        status: 'running',
        health: 'healthy',
        exitCode: 0,
        networks: ['p_default'],
      },
      {
        id: 'def',
        service: 'init',
        status: 'exited',
        health: '',
        exitCode: 0,
        networks: ['p_back', 'p_default'],
      },
    ]);
  });
});

describe('readiness', () => {
  const rows: [string, ServiceState[], { failed?: string; waiting: string[] }][] = [
    [
      'healthy and running without a check',
      [state('db', 'running', 'healthy'), state('q', 'running')],
      { waiting: [] },
    ],
    ['a one-shot service that ended with 0', [state('migrate', 'exited')], { waiting: [] }],
    ['a check still starting', [state('db', 'running', 'starting')], { waiting: ['db (starting)'] }],
    ['a container not started yet', [state('db', 'created')], { waiting: ['db (created)'] }],
    ['no container yet', [], { waiting: ['no container yet'] }],
    [
      'unhealthy',
      [state('q', 'running'), state('db', 'running', 'unhealthy')],
      { failed: 'service db is unhealthy', waiting: [] },
    ],
    [
      'exited with a code',
      [state('db', 'exited', '', 3)],
      { failed: 'service db exited with code 3', waiting: [] },
    ],
  ];
  for (const [name, states, expected] of rows) it(name, () => assert.deepEqual(readiness(states), expected));
});

describe('networksOf', () => {
  it("puts the project's default network first, then every other one", () => {
    const states = [
      state('a', 'running', '', 0, ['p_back', 'p_default']),
      state('b', 'running', '', 0, ['p_front']),
    ];
    assert.deepEqual(networksOf(states, 'p'), ['p_default', 'p_back', 'p_front']);
    assert.deepEqual(networksOf([state('a', 'running', '', 0, ['y', 'x'])], 'p'), ['x', 'y']);
    assert.deepEqual(networksOf([], 'p'), []);
  });
});

describe('readConfig', () => {
  it("reads the bind sources of compose config's output, v2's long syntax and v1's short one", () => {
    const v2 = [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    volumes:',
      '      - type: bind',
      '        source: /w/ci/init.sql',
      '        target: /docker-entrypoint-initdb.d/init.sql',
      '      - type: volume',
      '        source: data',
      '        target: /var/lib/postgresql/data',
      '  web:',
      '    image: nginx',
      'volumes: { data: {} }',
    ].join('\n');
    assert.deepEqual(readConfig(v2, '/w/ci'), {
      binds: [{ service: 'db', source: '/w/ci/init.sql' }],
      images: ['postgres:16', 'nginx'],
    });
    const v1 = [
      'services:',
      '  web:',
      '    build: { context: /w }',
      '    volumes: ["/w/site:/usr/share/nginx/html:rw", "cache:/cache:rw"]',
    ].join('\n');
    assert.deepEqual(readConfig(v1, '/w'), { binds: [{ service: 'web', source: '/w/site' }], images: [] });
    assert.deepEqual(readConfig('', '/w'), { binds: [], images: [] });
  });

  it('finds the nearest folder that exists above a source compose would create', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-compose-'));
    assert.equal(nearestFolder(path.join(dir, 'tmp', 'cache')), dir);
    assert.equal(nearestFolder(dir), dir);
  });
});
