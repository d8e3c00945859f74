import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Summary } from '../../contracts/Summary.ts';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { log, setQuiet } from '../common/log.ts';
import { loadConfig, type GoldpathConfig } from '../config/index.ts';
import { formatBaselineNoise } from '../report/formatBaselineNoise.ts';
import { runSuite, type RunSuiteOptions, type RunSuiteResult } from '../runner/launch/runSuite.ts';
import { wholeNumber } from '../config/optionParsers.ts';
import type { OptionValues } from '../config/optionTable.ts';
import { addOptions, optionValues } from './addOptions.ts';

/** How the commands run the suite; tests pass a fake. */
export type RunSuiteFn = (options: RunSuiteOptions) => Promise<RunSuiteResult>;

/** The runSuite options for the table's values (the config is loaded once by the command). */
export function suiteOptionsOf(values: OptionValues, config: GoldpathConfig): RunSuiteOptions {
  const { configFile: _file, ...rest } = values;
  return { ...rest, config, quiet: true };
}

/** Runs the suite and insists on a summary; exit 2 and 3 come back as `{ exitCode }` for the command to return. */
export async function runForSummary(
  run: RunSuiteFn,
  options: RunSuiteOptions,
  what: string,
): Promise<{ summary: Summary; outDir: string } | { exitCode: number }> {
  const result = await run(options);
  if (result.exitCode === ExitCode.Usage || result.exitCode === ExitCode.Infrastructure || !result.summary) {
    log(`${what} did not produce a usable summary (exit ${result.exitCode}); see ${result.outDir}`, 'error');
    return {
      exitCode: result.summary || result.exitCode === ExitCode.Usage ? result.exitCode : ExitCode.Infrastructure,
    };
  }
  return { summary: result.summary, outDir: result.outDir };
}

export interface BaselineOptions extends OptionValues {
  out: string;
  passes?: number;
  name?: string;
  /** Where the passes' reports go (default reports/baseline-<name>). */
  reports?: string;
}

/**
 * `goldpath baseline`: runs the suite K times on the known-good code, learns shapes, findings, latency and
 * metrics with their noise, writes the baseline file and prints the noise. Returns the exit code.
 * @example await runBaseline({ out: 'baselines/pre-migration.json', passes: 2, factoryPath: 'mixed' })
 */
export async function runBaseline(options: BaselineOptions, run: RunSuiteFn = runSuite): Promise<number> {
  const passes = options.passes ?? 2;
  const name = options.name ?? basename(options.out, extname(options.out));
  const config = await loadConfig(options.configFile !== undefined ? { file: options.configFile } : {});
  const reportsDir = resolve(options.reports ?? join(config.reports.outDir, `baseline-${name}`));
  const summaries: Summary[] = [];
  for (let i = 1; i <= passes; i++) {
    log(`baseline "${name}": pass ${i} of ${passes}`);
    const result = await runForSummary(
      run,
      {
        ...suiteOptionsOf(options, config),
        outDir: join(reportsDir, `pass-${i}`),
        runId: `baseline-${name}-pass-${i}`,
      },
      `baseline pass ${i}`,
    );
    if ('exitCode' in result) return result.exitCode;
    log(
      `  pass ${i}: ${result.summary.totals.scenarios} scenarios, ${result.summary.totals.runs} runs, ${result.summary.totals.findings} findings (${result.summary.status})`,
    );
    summaries.push(result.summary);
  }
  const baseline = buildBaseline(summaries, { name });
  const file = resolve(options.out);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`, 'utf8');
  const noise = formatBaselineNoise(baseline).split('\n');
  for (const line of noise) log(line, line.startsWith('warning:') ? 'warn' : 'info');
  log(`baseline written to ${options.out} (pass reports in ${reportsDir})`);
  return ExitCode.Pass;
}

/** `goldpath baseline --out <file> [--passes K] [run options]` */
export function registerBaselineCommand(program: Command): void {
  const command = program
    .command('baseline')
    .description(
      'Record a baseline: run the suite K times on known-good code and store shapes, findings, latency and metrics with their noise.',
    )
    .requiredOption('--out <file>', 'baseline file to write, e.g. baselines/pre-migration.json')
    .option(
      '--passes <k>',
      'passes of the same code; the spread between them is the noise (default 2)',
      (text: string) => PASSES(text, '--passes'),
    )
    .option('--name <name>', 'baseline name (default: the file name)')
    .option('--reports <dir>', "where the passes' reports go (default reports/baseline-<name>)");
  addOptions(command, 'baseline')
    .addHelpText(
      'after',
      '\nExamples:\n  $ goldpath baseline --out baselines/pre-migration.json --factory-path mixed --users 4\n  $ goldpath baseline --out baselines/staging.json --target ws://127.0.0.1:8000/ws --passes 3',
    )
    .action(async (flags: Record<string, unknown>) => {
      const options: BaselineOptions = { ...optionValues(flags, 'baseline'), out: String(flags.out) };
      if (options.quiet === true) setQuiet(true);
      if (typeof flags.passes === 'number') options.passes = flags.passes;
      if (typeof flags.name === 'string') options.name = flags.name;
      if (typeof flags.reports === 'string') options.reports = flags.reports;
      process.exitCode = await runBaseline(options);
    });
}

const PASSES = wholeNumber({ min: 1 });
