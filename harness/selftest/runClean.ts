import { join } from 'node:path';
import type { SelftestContext } from './SelftestContext.ts';
import type { CleanResult } from '../../contracts/SelftestMatrix.ts';

export interface CleanOptions {
  repeatEach: number;
  /** Default: the whole suite. */
  scenario?: string;
  project?: string[];
  users?: number;
}

/**
 * The clean backend, every scenario repeated `repeatEach` times (Playwright --repeat-each): clean means zero error
 * findings and zero failed scenarios — no false positives, no flakiness. Warnings (a content rule that real traffic
 * breaks, like the emitter's default final_response "Task completed") fail no scenario and leave the run at exit 0:
 * they are counted and shown, not taken for dirt.
 * @example const clean = await runClean(ctx, { repeatEach: 20 })
 */
export async function runClean(ctx: SelftestContext, options: CleanOptions): Promise<CleanResult> {
  const started = ctx.now();
  const result = await ctx.run({
    config: ctx.config,
    repeatEach: options.repeatEach,
    quiet: true,
    maxDurationMs: ctx.timeoutMs,
    outDir: join(ctx.outDir, 'clean'),
    ...(options.scenario !== undefined && { scenario: options.scenario }),
    ...(options.project !== undefined && { project: options.project }),
    ...(options.users !== undefined && { users: options.users }),
  });
  const summary = result.summary;
  const findings = summary?.totals.findings ?? 0;
  const failed = summary?.totals.failed ?? 0;
  return {
    repeatEach: options.repeatEach,
    ...(options.scenario !== undefined && { scenario: options.scenario }),
    ...(options.project !== undefined && { project: options.project }),
    ...(options.users !== undefined && { users: options.users }),
    status:
      !summary || result.exitCode === 2 || result.exitCode === 3
        ? 'error'
        : failed === 0 && result.exitCode === 0
          ? 'clean'
          : 'findings',
    exitCode: result.exitCode,
    scenarios: summary?.totals.scenarios ?? 0,
    failed,
    runs: summary?.totals.runs ?? 0,
    findings,
    findingsByCode: summary?.findingsByCode ?? {},
    durationMs: ctx.now() - started,
    outDir: result.outDir,
  };
}
