#!/usr/bin/env node
// The `berth` command (package.json's bin). It imports no package itself: what it runs is loaded as a
// chunk of its own, so that the bundler's licenses.txt for it lists every package (as src/index.ts).
process.exitCode = await (await import('./command.js')).cli(process.argv.slice(2));
