import { join } from 'node:path';
import type { Summary } from '../../contracts/Summary.ts';
import { matchesExpected } from './matchesExpected.ts';
import { iterateHistory } from '../checks/history/readHistory.ts';

// a history of a run the self-test stopped may end in a torn line: the records before it are what counts
const ignoreTornLine = (): void => {};

/**
 * Milliseconds from `startedAtMs` (epoch) to the earliest frame that proves a finding of an expected code, read from
 * the histories of the scenarios that reported one (a finding without a frame counts at the end of its history).
 * Undefined when no expected finding names a history.
 * @example await firstEvidenceMs(summary, outDir, ['order.duplicate_terminal'], startedAt)
 */
export async function firstEvidenceMs(
  summary: Summary,
  outDir: string,
  expected: readonly string[],
  startedAtMs: number,
): Promise<number | undefined> {
  let earliest: number | undefined;
  for (const scenario of summary.scenarios) {
    const findings = scenario.findings.filter((f) => matchesExpected(f.code, expected));
    if (findings.length === 0) continue;
    const wanted = new Set(findings.map((f) => f.frameIndex).filter((i): i is number => i !== undefined));
    const frameless = findings.some((f) => f.frameIndex === undefined);
    for (const history of scenario.histories) {
      let last: number | undefined;
      try {
        for await (const record of iterateHistory(join(outDir, history), { onWarning: ignoreTornLine })) {
          last = record.wall;
          if (wanted.has(record.seq)) earliest = Math.min(earliest ?? Infinity, record.wall);
        }
      } catch {
        continue;
      }
      if (frameless && last !== undefined) earliest = Math.min(earliest ?? Infinity, last);
    }
  }
  return earliest === undefined ? undefined : Math.max(0, earliest - startedAtMs);
}
