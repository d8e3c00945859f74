/** The line for a report file that could not be written. */
export function writeFailure(name: string, outDir: string, error: unknown): string {
  return `could not write ${name} in ${outDir}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Hands each failed report to `onError`; without one, throws them all at once (the other reports are written by then).
 * Report writers do not log: their callers decide where the lines go.
 */
export function reportFailures(failures: string[], onError: ((message: string) => void) | undefined): void {
  if (failures.length === 0) return;
  if (onError) for (const failure of failures) onError(failure);
  else throw new Error(failures.join('\n'));
}
