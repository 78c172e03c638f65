// The apps of the CI scenarios (issue-free words: what CI runs all day), written into a folder so that
// a test or the bench can change them between runs as a commit would: the application's code
// (`src/app.sh`), its dependencies (`deps.txt`, read by the dependency stage), how many stages, and a
// fat dependency layer (random bytes, as incompressible as built binaries).
//
// Three stages: `deps` (the dependencies, and the fat layer), `build` (the code, with a step of work),
// and the final stage, which copies both. Ten stages: `deps`, seven `libN` stages made from the
// dependencies, `build` with every lib, and the final stage.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface AppShape {
  /** 3 or 10. */
  stages: 3 | 10;
  /** MiB of random bytes in the dependency layer; 0 for none. */
  fatMiB?: number;
  /** The application's version: a code change changes it. */
  code?: string;
  /** The dependencies' version: a dependency change changes it. */
  deps?: string;
}

/** Rounds of 64 MiB hashing (about 1.2 s each on 2 cores), from the WORK build argument. */
const work =
  'i=0; while [ "$i" -lt "$WORK" ]; do dd if=/dev/urandom bs=1M count=64 2>/dev/null | sha256sum >> sums.txt; i=$((i + 1)); done';

const LIBS = [1, 2, 3, 4, 5, 6, 7];

function dockerfile(shape: AppShape): string {
  const fat = shape.fatMiB
    ? ` && dd if=/dev/urandom of=/deps/fat.bin bs=1M count=${shape.fatMiB} 2>/dev/null`
    : '';
  const lines = [
    'ARG BASE=busybox',
    'FROM ${BASE} AS deps',
    'WORKDIR /deps',
    'COPY deps.txt ./',
    'ARG WORK=0',
    `RUN ${work}${fat}`,
    '',
  ];
  const libs = shape.stages === 10 ? LIBS : [];
  for (const n of libs)
    lines.push(
      `FROM \${BASE} AS lib${n}`,
      // a step of its own first: the libs share no step, so a cold build takes none from another
      `RUN echo lib${n} > /lib${n}.txt`,
      'COPY --from=deps /deps/deps.txt /deps.txt',
      `RUN cat /deps.txt >> /lib${n}.txt`,
      '',
    );
  lines.push(
    'FROM ${BASE} AS build',
    'WORKDIR /build',
    'COPY --from=deps /deps/deps.txt /deps.txt',
    ...libs.map((n) => `COPY --from=lib${n} /lib${n}.txt /libs/`),
    'COPY src/ /src/',
    'ARG WORK=0',
    `RUN ${work} && mkdir -p /out && cp /src/app.sh /out/app && chmod +x /out/app`,
    '',
    'FROM ${BASE}',
    'COPY --from=deps /deps /deps',
    'COPY --from=build /out/app /usr/local/bin/app',
    'COPY test/ /test/',
    'CMD ["app"]',
    '',
  );
  return lines.join('\n');
}

/** The stage names the target builds, as berth names them (the last one has no name: `stage-N`). */
export function stageNames(shape: AppShape): string[] {
  const libs = shape.stages === 10 ? LIBS.map((n) => `lib${n}`) : [];
  return ['deps', ...libs, 'build', `stage-${libs.length + 2}`];
}

/** Writes (or rewrites) the app in `dir`; the test checks the app's output is the code's version. */
export function writeApp(dir: string, shape: AppShape): string {
  const code = shape.code ?? '1';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  mkdirSync(path.join(dir, 'test'), { recursive: true });
  mkdirSync(path.join(dir, 'notes'), { recursive: true });
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile(shape));
  writeFileSync(path.join(dir, 'deps.txt'), `dependencies ${shape.deps ?? '1'}\n`);
  writeFileSync(path.join(dir, 'src', 'app.sh'), `#!/bin/sh\necho "app ${code}"\n`, { mode: 0o755 });
  writeFileSync(
    path.join(dir, 'test', 'run.sh'),
    [
      '#!/bin/sh',
      'mkdir -p /artifacts',
      `if [ "$(app)" = "app ${code}" ]; then echo pass > /artifacts/result.txt; exit 0; fi`,
      'echo fail > /artifacts/result.txt',
      'exit 1',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  // files the build never sees: a change to them is no change of the tree that is built
  writeFileSync(path.join(dir, '.dockerignore'), 'notes/\n*.md\n');
  writeFileSync(path.join(dir, 'README.md'), `# the app\n`);
  return dir;
}

/** A change no build sees (.dockerignore leaves it out): a commit that touches only the docs. */
export function touchDocs(dir: string, text: string): void {
  writeFileSync(path.join(dir, 'README.md'), `# the app\n\n${text}\n`);
  writeFileSync(path.join(dir, 'notes', 'changes.txt'), `${text}\n`);
}
