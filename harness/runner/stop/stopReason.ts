import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../../../contracts/index.ts';

export type StopReason = NonNullable<Summary['stoppedBy']>;

const FILE = 'stop-reason.json';

/**
 * Notes in the run's report directory why the run is being stopped, before the stop itself: every process of the run
 * (goldpath, the Playwright runner) reads the same note, so the reports name the real reason. The first note wins.
 */
export function writeStopReason(outDir: string, reason: StopReason): void {
  if (readStopReason(outDir) !== undefined) return;
  try {
    writeFileSync(join(outDir, FILE), `${JSON.stringify({ reason, at: new Date().toISOString() })}\n`);
  } catch {
    // the directory may be gone already; the summary then says only "interrupted"
  }
}

export function readStopReason(outDir: string): StopReason | undefined {
  try {
    const { reason } = JSON.parse(readFileSync(join(outDir, FILE), 'utf8')) as { reason?: StopReason };
    return reason;
  } catch {
    return undefined;
  }
}
