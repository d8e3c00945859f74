import { DeadlineError } from '../common/waitFor.ts';

/**
 * Waits for `promise`; a deadline that runs out says which capability or behaviour of the target was awaited.
 * @example await awaiting('the rest of the run on the new socket (capabilities.resumeOnReconnect)', run.completed())
 */
export async function awaiting<T>(what: string, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof DeadlineError)
      throw new DeadlineError(`${error.what}, awaiting ${what}`, error.timeoutMs, error.elapsedMs);
    throw error;
  }
}
