import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { compareWithBaseline } from '../baseline/compareWithBaseline.ts';
import { readBaseline } from '../baseline/parseBaseline.ts';
import { readMigrationPlan } from '../baseline/parseMigrationPlan.ts';
import type { Verdict } from '../../contracts/Verdict.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { log, setQuiet } from '../common/log.ts';
import { loadConfig, type GoldpathConfig } from '../config/index.ts';
import { formatSummaryTable } from '../report/formatSummaryTable.ts';
import { formatVerdict } from '../report/formatVerdict.ts';
import { writeReports } from '../report/writeReports.ts';
import { runSuite, type RunSuiteOptions } from '../runner/launch/runSuite.ts';
import type { OptionValues } from '../config/optionTable.ts';
import { addOptions, optionValues } from './addOptions.ts';
import { runForSummary, suiteOptionsOf, type RunSuiteFn } from './baselineCommand.ts';
import { pointOptions } from './migrateCommand.ts';

export interface ValidateOptions extends OptionValues {
  baseline: string;
  /** A step (or the baseline point) of `plan`: the run reaches the target as that step says. */
  step?: string;
  /** The migration plan `step` belongs to. */
  plan?: string;
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
 * @example await runValidate({ baseline: 'baselines/pre-migration.json', step: 'step-2', plan: 'plans/seed-migration.json' })
 */
export async function runValidate(options: ValidateOptions, run: RunSuiteFn = runSuite): Promise<number> {
  const baseline = await readBaseline(options.baseline);
  const { config, runOptions } = await stepRunOptions(options);
  const label = options.step ?? new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = resolve(options.out ?? join(config.reports.outDir, `validate-${label}`));
  const result = await runForSummary(run, { ...runOptions, outDir, runId: `validate-${label}` }, 'the validation run');
  if ('exitCode' in result) return result.exitCode;
  const verdict = compareWithBaseline(baseline, result.summary, config.thresholds, {
    ...(options.step !== undefined && { step: options.step }),
    baselineFile: options.baseline,
  });
  await writeReports(result.summary, result.outDir, {
    verdict,
    html: config.reports.html,
    junit: config.reports.junit,
    onError: (message) => log(message, 'error'),
  });
  log(`\n${formatSummaryTable(result.summary)}`);
  const text = formatVerdict(verdict);
  for (const line of text.split('\n'))
    log(line, verdict.status === 'PASS' || line.startsWith('note:') ? 'info' : 'error');
  log(`reports with the verdict: ${result.outDir}/ (verdict.json, summary.md, junit.xml, index.html)`);
  return exitCodeOfVerdict(verdict);
}

/**
 * The run options of a validation: those of the plan's step when `--step` and `--plan` are given (flags given on the
 * command line win over the step's), else the flags alone. `--step` without `--plan`, or a step the plan lacks, is a
 * UsageError naming what to add.
 */
export async function stepRunOptions(
  options: ValidateOptions,
): Promise<{ config: GoldpathConfig; runOptions: RunSuiteOptions }> {
  if (options.step === undefined && options.plan === undefined) {
    const config = await loadConfig(options.configFile !== undefined ? { file: options.configFile } : {});
    return { config, runOptions: suiteOptionsOf(options, config) };
  }
  if (options.plan === undefined)
    throw new UsageError(
      'GOLDPATH_STEP_NEEDS_PLAN',
      `--step ${options.step} names a step of a migration plan: add --plan <file> (e.g. --plan plans/seed-migration.json).`,
    );
  const plan = await readMigrationPlan(options.plan);
  const names = [plan.baseline.name, ...plan.steps.map((s) => s.name)];
  if (options.step === undefined)
    throw new UsageError(
      'GOLDPATH_PLAN_NEEDS_STEP',
      `--plan ${options.plan}: add --step <name>, one of ${names.join(', ')}.`,
    );
  const point = [plan.baseline, ...plan.steps].find((p) => p.name === options.step);
  if (!point)
    throw new UsageError(
      'GOLDPATH_UNKNOWN_STEP',
      `--step ${options.step}: the plan ${options.plan} has no such step; its steps are ${names.join(', ')}.`,
    );
  const configFile =
    options.configFile ?? (plan.config !== undefined ? resolve(dirname(options.plan), plan.config) : undefined);
  const config = await loadConfig(configFile ? { file: configFile } : {});
  const planned = await pointOptions(plan, point, config, options.plan);
  const stepConfig = planned.config ?? config;
  return { config: stepConfig, runOptions: { ...planned, ...suiteOptionsOf(options, stepConfig) } };
}

/** `goldpath validate --baseline <file> [--step <name> --plan <file>] [run options]` */
export function registerValidateCommand(program: Command): void {
  const command = program
    .command('validate')
    .description('Run the suite once and compare it with a baseline: PASS, REGRESSED or BROKEN, with the reasons.')
    .requiredOption('--baseline <file>', 'a baseline written by `goldpath baseline`')
    .option('--step <name>', 'validate this step of --plan: the run reaches the target as the step says')
    .option('--plan <file>', 'the migration plan --step belongs to, e.g. plans/seed-migration.json')
    .option('--out <dir>', 'report directory (default reports/validate-<step>)');
  addOptions(command, 'validate')
    .addHelpText(
      'after',
      '\nExamples:\n  $ goldpath validate --baseline baselines/pre-migration.json --step step-2 --plan plans/seed-migration.json\n  $ goldpath validate --baseline baselines/pre-migration.json --factory-path canonical\n  $ goldpath validate --baseline baselines/pre-migration.json --defects slow-factory:300   (exits 1: REGRESSED)\n\nExit codes: 0 PASS, 1 REGRESSED or BROKEN, 2 bad baseline or usage, 3 infrastructure error.',
    )
    .action(async (flags: Record<string, unknown>) => {
      const options: ValidateOptions = { ...optionValues(flags, 'validate'), baseline: String(flags.baseline) };
      if (options.quiet === true) setQuiet(true);
      if (typeof flags.step === 'string') options.step = flags.step;
      if (typeof flags.plan === 'string') options.plan = flags.plan;
      if (typeof flags.out === 'string') options.out = flags.out;
      process.exitCode = await runValidate(options);
    });
}
