/**
 * A cheap stand-in for AbortController on the per-run hot path: aborting an AbortController builds a
 * DOMException with a stack trace, which showed up at several percent of the benchmark's CPU profile.
 */
export class Cancellation {
  private done = false;
  private listeners: (() => void)[] | undefined;

  get cancelled(): boolean {
    return this.done;
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }

  /** Calls `listener` once on cancel (at once if already cancelled); returns the function that removes it. */
  onCancel(listener: () => void): () => void {
    if (this.done) {
      listener();
      return () => {};
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const index = this.listeners?.indexOf(listener) ?? -1;
      if (index >= 0) this.listeners?.splice(index, 1);
    };
  }
}
