// Stages of a Dockerfile: names, ARG-parameterised bases, the stages a target needs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandArgs, parseStages } from '../../../src/build/stages.js';

const MULTI = `# syntax=docker/dockerfile:1
ARG BASE=alpine
ARG TAG
FROM \${BASE}:\${TAG:-3.20} AS Deps
RUN echo deps
FROM golang AS tools
RUN echo tools
FROM deps AS build
COPY --from=tools /bin/x /bin/x
RUN --mount=type=cache,target=/root/.cache echo build
FROM \${BASE} AS lint
RUN --mount=type=bind,from=build,target=/src echo lint
FROM scratch
COPY --from=2 /out /out
COPY --from=docker.io/library/busybox /bin/busybox /bin/busybox
`;

describe('expandArgs', () => {
  const values = new Map([
    ['A', 'x'],
    ['E', ''],
  ]);
  const rows: [string, string][] = [
    ['$A', 'x'],
    ['${A}/y', 'x/y'],
    ['${E:-def}', 'def'],
    ['${A:-def}', 'x'],
    ['${A:+alt}', 'alt'],
    ['${E:+alt}', ''],
    ['${MISSING}img', 'img'],
  ];
  for (const [text, expected] of rows)
    it(`${text} -> ${expected}`, () => assert.equal(expandArgs(text, values), expected));
});

describe('parseStages', () => {
  it('names stages, resolves ARG bases and finds what the last stage needs', () => {
    const parsed = parseStages(MULTI, [], '');
    assert.deepEqual(
      parsed.stages.map((stage) => [stage.key, stage.base, stage.needs]),
      [
        ['deps', 'alpine:3.20', []],
        ['tools', 'golang', []],
        ['build', 'deps', [0, 1]],
        ['lint', 'alpine', [2]],
        ['stage-4', 'scratch', [2]],
      ],
    );
    assert.equal(parsed.target, 4);
    assert.deepEqual(parsed.needed, [0, 1, 2, 4]);
  });
  it('takes build args over ARG defaults', () => {
    const parsed = parseStages(
      MULTI,
      [
        { key: 'TAG', value: 'edge' },
        { key: 'BASE', value: 'debian' },
      ],
      '',
    );
    assert.equal(parsed.stages[0]?.base, 'debian:edge');
  });
  it('stops at --target, case-insensitively, with what it needs', () => {
    assert.deepEqual(parseStages(MULTI, [], 'LINT').needed, [0, 1, 2, 3]);
    assert.deepEqual(parseStages(MULTI, [], 'tools').needed, [1]);
  });
  it('one stage without a name', () => {
    const parsed = parseStages('FROM busybox\nRUN true\n', [], '');
    assert.deepEqual(parsed.needed, [0]);
    assert.equal(parsed.stages[0]?.key, 'stage-0');
  });
  it('names the stages when the target is not one', () => {
    assert.throws(
      () => parseStages(MULTI, [], 'nope'),
      /^Error: target: 'nope' is not a stage of the Dockerfile \(stages: deps, tools, build, lint, stage-4\)$/,
    );
  });
  it('refuses a Dockerfile without FROM', () => {
    assert.throws(() => parseStages('RUN true\n', [], ''), /file: the Dockerfile has no FROM/);
  });
});
