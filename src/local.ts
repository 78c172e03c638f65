// The main step as a `run` function, the entry @github/local-action calls (`npm run local`, which
// reads the inputs from a .env file as INPUT_<NAME>): the same settings and main as index.ts.
import { withKind } from './core/errors.js';
import { envInputs, parseSettings, workspace } from './inputs.js';
import { main } from './main.js';

export async function run(): Promise<void> {
  let settings;
  try {
    settings = parseSettings(envInputs(process.env), workspace(process.env));
  } catch (error) {
    settings = withKind('input', error instanceof Error ? error : new Error(String(error)));
  }
  await main(settings);
}
