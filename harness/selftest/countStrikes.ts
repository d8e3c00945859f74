import { join } from 'node:path';
import type { Summary } from '../../contracts/Summary.ts';
import { DefectPlan } from '../../reference/defects/DefectPlan.ts';
import { parseDefects } from '../../reference/defects/parseDefects.ts';
import { matchesExpected } from './matchesExpected.ts';
import { iterateHistory } from '../checks/history/readHistory.ts';

export interface Strikes {
  /** Runs the defect struck, by replaying the backend's seeded draws. */
  struck: number;
  /** Struck runs that left an expected finding: per scenario at most min(struck, largest expected code count). */
  detected: number;
}

// a history of a run the self-test stopped may end in a torn line: the records before it are what counts
const ignoreTornLine = (): void => {};

/**
 * Replays the reference backend's defect draws for one run of the suite. The backend draws once per routed request
 * (started or rejected), in order, from a PRNG seeded by (seed, defect); each worker's backend counts
 * `server.runs_started + server.runs_rejected`, so the metrics snapshots before and after a scenario give the
 * indexes of its draws.
 * @example await countStrikes(summary, outDir, 'shared-emitter@0.05', 7, ['isolation.*'])
 */
export async function countStrikes(
  summary: Summary,
  outDir: string,
  spec: string,
  seed: number,
  expected: readonly string[],
): Promise<Strikes> {
  const [defect] = parseDefects(spec);
  if (!defect) return { struck: 0, detected: 0 };
  const plan = new DefectPlan([defect], seed);
  const hits: boolean[] = [];
  const struckIn = (from: number, to: number): number => {
    while (hits.length < to) hits.push(plan.drawForRun().has(defect.name));
    let n = 0;
    for (let i = from; i < to; i++) if (hits[i]) n++;
    return n;
  };
  let struck = 0;
  let detected = 0;
  for (const scenario of summary.scenarios) {
    let inScenario = 0;
    for (const history of scenario.histories) {
      let before: number | undefined;
      let after: number | undefined;
      try {
        for await (const record of iterateHistory(join(outDir, history), { onWarning: ignoreTornLine })) {
          if (record.kind !== 'metrics') continue;
          const draws = drawsOf(record.metrics);
          if (draws === undefined) continue;
          if (record.phase === 'before') before ??= draws;
          else after = draws;
        }
      } catch {
        continue;
      }
      if (before !== undefined && after !== undefined && after > before) inScenario += struckIn(before, after);
    }
    const seen = Math.max(
      0,
      ...Object.entries(scenario.findingsByCode)
        .filter(([code]) => matchesExpected(code, expected))
        .map(([, n]) => n),
    );
    struck += inScenario;
    detected += Math.min(inScenario, seen);
  }
  return { struck, detected };
}

function drawsOf(metrics: Record<string, unknown>): number | undefined {
  const server = metrics.server;
  if (server === null || typeof server !== 'object') return undefined;
  const { runs_started: started, runs_rejected: rejected } = server as Record<string, unknown>;
  return typeof started === 'number' && typeof rejected === 'number' ? started + rejected : undefined;
}
