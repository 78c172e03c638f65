// Cancellation: a cancelled workflow or a CI job's timeout sends SIGTERM or SIGINT; a crash beside the
// main flow (an unhandled rejection) stops the run the same way. The commands that can be given up
// (builds, pushes, pulls) are killed; the test container is stopped by its phase, which copies the
// reports written so far; main then writes the summary and fails with the reason.

const controller = new AbortController();

/** Aborted once the run is cancelled; its reason is the error main fails with. */
export const cancelled: AbortSignal = controller.signal;

export class CancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Cancels the run (the first reason wins). */
export function cancel(reason: string): void {
  if (!controller.signal.aborted) controller.abort(new CancelledError(reason));
}

/** Throws the cancellation's error when the run was cancelled: a phase does not start then. */
export function throwIfCancelled(): void {
  if (controller.signal.aborted) throw controller.signal.reason as Error;
}

/** SIGTERM and SIGINT cancel the run instead of ending the process at once. */
export function cancelOnSignals(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => cancel(`cancelled (${signal}): berth stopped what it was doing`));
}
