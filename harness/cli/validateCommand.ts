import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { compareWithBaseline } from '../baseline/compareWithBaseline.ts';
import { readBaseline } from '../baseline/parseBaseline.ts';
import type { Verdict } from '../baseline/Verdict.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { log, setQuiet } from '../common/log.ts';
import { loadConfig } from '../config/index.ts';
import { formatSummaryTable } from '../report/formatSummaryTable.ts';
import { formatVerdict } from '../report/formatVerdict.ts';
import { writeReports } from '../report/writeReports.ts';
import { runSuite } from '../runner/runSuite.ts';
import { addSuiteOptions, runForSummary, suiteFlagsOf, suiteOptionsOf, type RunSuiteFn, type SuiteFlags } from './baselineCommand.ts';

export interface ValidateOptions extends SuiteFlags {
  baseline: string;
  step?: string;
  /** Report directory (default reports/validate-<step or time>). */
  out?: string;
}

/** The exit code of a verdict: 0 PASS, 1 REGRESSED or BROKEN. */
export function exitCodeOfVerdict(verdict: Verdict): number {
  return verdict.status === 'PASS' ? ExitCode.Pass : ExitCode.Findings;
}

/**
 * `goldpath validate`: runs the suite once, compares it with a baseline, prints the verdict with its reasons,
 * writes verdict.json and the reports with the verdict included. 0 PASS, 1 REGRESSED/BROKEN, 2 bad baseline, 3 infra.
 * @example await runValidate({ baseline: 'baselines/pre-migration.json', step: 'step-2', factoryPath: 'canonical' })
 */
export async function runValidate(options: ValidateOptions, run: RunSuiteFn = runSuite): Promise<number> {
  const baseline = await readBaseline(options.baseline);
  const config = await loadConfig(options.config ? { file: options.config } : {});
  const label = options.step ?? new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = resolve(options.out ?? join(config.reports.outDir, `validate-${label}`));
  const result = await runForSummary(run, { ...suiteOptionsOf(options, config), outDir, runId: `validate-${label}` }, 'the validation run');
  if ('exitCode' in result) return result.exitCode;
  const verdict = compareWithBaseline(baseline, result.summary, config.thresholds, { ...(options.step !== undefined && { step: options.step }), baselineFile: options.baseline });
  await writeReports(result.summary, result.outDir, { verdict, html: config.reports.html, junit: config.reports.junit });
  log(`\n${formatSummaryTable(result.summary)}`);
  const text = formatVerdict(verdict);
  for (const line of text.split('\n')) log(line, verdict.status === 'PASS' || line.startsWith('note:') ? 'info' : 'error');
  log(`reports with the verdict: ${result.outDir}/ (verdict.json, summary.md, junit.xml, index.html)`);
  return exitCodeOfVerdict(verdict);
}

/** `goldpath validate --baseline <file> [--step <name>] [run options]` */
export function registerValidateCommand(program: Command): void {
  addSuiteOptions(
    program
      .command('validate')
      .description('Run the suite once and compare it with a baseline: PASS, REGRESSED or BROKEN, with the reasons.')
      .requiredOption('--baseline <file>', 'a baseline written by `goldpath baseline`')
      .option('--step <name>', 'the migration step this run validates (shown in the verdict)')
      .option('--out <dir>', 'report directory (default reports/validate-<step>)'),
  )
    .addHelpText('after', '\nExamples:\n  $ goldpath validate --baseline baselines/pre-migration.json --step step-2 --factory-path canonical\n  $ goldpath validate --baseline baselines/pre-migration.json --defects slow-factory:300   (exits 1: REGRESSED)\n\nExit codes: 0 PASS, 1 REGRESSED or BROKEN, 2 bad baseline or usage, 3 infrastructure error.')
    .action(async (flags: Record<string, unknown>) => {
      if (flags.quiet === true) setQuiet(true);
      const options: ValidateOptions = { ...suiteFlagsOf(flags), baseline: String(flags.baseline) };
      if (typeof flags.step === 'string') options.step = flags.step;
      if (typeof flags.out === 'string') options.out = flags.out;
      process.exitCode = await runValidate(options);
    });
}
