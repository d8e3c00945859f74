import { join } from 'node:path';
import { parseDefects } from '../../reference/defects/parseDefects.ts';
import { countStrikes } from './countStrikes.ts';
import { DEFECT_EXPECTATIONS } from './defectExpectations.ts';
import { matchesExpected } from './matchesExpected.ts';
import { withSeed, type SelftestContext } from './SelftestContext.ts';
import type { IntermittentResult } from '../../contracts/SelftestMatrix.ts';
import { leakMath } from './leakMath.ts';

export interface IntermittentOptions {
  passes: number;
  /** Default: the whole suite at its default size. */
  scenario?: string;
  project?: string[];
  /** Seeds firstSeed, firstSeed + 1, ...: each pass draws other strikes. */
  firstSeed?: number;
}

/**
 * Runs the suite `passes` times against the backend with an intermittent defect (`name@p`), each pass with its own
 * seed, and counts the passes that reported an expected code, and the struck runs that were seen.
 * @example await measureIntermittent('shared-emitter@0.05', ctx, { passes: 5 })
 */
export async function measureIntermittent(
  spec: string,
  ctx: SelftestContext,
  options: IntermittentOptions,
): Promise<IntermittentResult> {
  const [parsed] = parseDefects(spec);
  if (!parsed) throw new Error(`no defect in "${spec}"`);
  const expected = DEFECT_EXPECTATIONS[parsed.name].codes;
  const started = ctx.now();
  const seeds: number[] = [];
  let detectedPasses = 0;
  let runs = 0;
  let struck = 0;
  let detected = 0;
  for (let pass = 0; pass < options.passes; pass++) {
    const seed = (options.firstSeed ?? 1001) + pass;
    seeds.push(seed);
    const result = await ctx.run({
      config: withSeed(ctx.config, seed),
      defects: [spec],
      quiet: true,
      maxDurationMs: ctx.timeoutMs,
      outDir: join(ctx.outDir, 'intermittent', `${spec.replace(/[^a-z0-9.-]/gi, '_')}-seed-${seed}`),
      ...(options.scenario !== undefined && { scenario: options.scenario }),
      ...(options.project !== undefined && { project: options.project }),
    });
    const summary = result.summary;
    if (!summary) continue;
    runs += summary.totals.runs;
    if (Object.keys(summary.findingsByCode).some((code) => matchesExpected(code, expected))) detectedPasses++;
    const strikes = await countStrikes(summary, result.outDir, spec, seed, expected);
    struck += strikes.struck;
    detected += strikes.detected;
  }
  const runsPerPass = options.passes > 0 ? Math.round(runs / options.passes) : 0;
  return {
    spec,
    probability: parsed.probability,
    expected: [...expected],
    ...(options.scenario !== undefined && { scenario: options.scenario }),
    ...(options.project !== undefined && { project: options.project }),
    passes: options.passes,
    detectedPasses,
    passRate: options.passes > 0 ? detectedPasses / options.passes : 0,
    runsPerPass,
    struckRuns: struck,
    detectedRuns: detected,
    seeds,
    durationMs: ctx.now() - started,
    leak: leakMath(parsed.probability, struck > 0 ? detected / struck : 1, runsPerPass),
  };
}
