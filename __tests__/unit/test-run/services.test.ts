import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  bindSources,
  parseStates,
  pickNetwork,
  planDown,
  planUp,
  readiness,
  type ServiceState,
} from '../../../src/test-run/services.js';

const project = {
  tool: ['docker', 'compose'],
  name: 'berth-services-1',
  files: ['/w/a.yaml', '/w/b.yaml'],
  binds: [],
  image: 'shop',
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
        '--file',
        '/w/a.yaml',
        '--file',
        '/w/b.yaml',
      ],
      ...['up', '--detach', 'db'],
    ]);
    const v1 = { ...project, tool: ['docker-compose'], files: ['/w/a.yaml'] };
    assert.deepEqual(planDown(v1), [
      ...['docker-compose', '--project-name', 'berth-services-1', '--file', '/w/a.yaml'],
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

describe('pickNetwork', () => {
  it("prefers the project's default network and names the others", () => {
    const states = [
      state('a', 'running', '', 0, ['p_back', 'p_default']),
      state('b', 'running', '', 0, ['p_front']),
    ];
    assert.deepEqual(pickNetwork(states, 'p'), { network: 'p_default', others: ['p_back', 'p_front'] });
    assert.deepEqual(pickNetwork([state('a', 'running', '', 0, ['x'])], 'p'), { network: 'x', others: [] });
    assert.deepEqual(pickNetwork([], 'p'), { others: [] });
  });
});

describe('bindSources', () => {
  it('finds short and long bind mounts, relative to the first file, and passes named volumes over', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-compose-'));
    const file = path.join(dir, 'compose.yaml');
    writeFileSync(
      file,
      [
        'services:',
        '  db:',
        '    image: postgres',
        '    volumes: ["./init.sql:/docker-entrypoint-initdb.d/init.sql:ro", "data:/var/lib/postgresql/data"]',
        '  web:',
        '    image: nginx',
        '    volumes:',
        '      - type: bind',
        '        source: ../site',
        '        target: /usr/share/nginx/html',
        '      - type: volume',
        '        source: cache',
        '        target: /cache',
        'volumes: { data: {}, cache: {} }',
      ].join('\n'),
    );
    assert.deepEqual(bindSources([file]), [
      { service: 'db', source: path.join(dir, 'init.sql') },
      { service: 'web', source: path.join(path.dirname(dir), 'site') },
    ]);
  });
});
