// Main's side of the state handed to post (state.ts): saved with each thing berth creates.
import * as core from '@actions/core';
import { STATE_KEYS, type PostState } from './state.js';

export function saveState(state: PostState): void {
  core.saveState(STATE_KEYS.state, JSON.stringify(state));
}

/** Set in main, so the one bundle knows it runs as post the second time. */
export function markMainRan(): void {
  core.saveState(STATE_KEYS.mainRan, 'true');
}
