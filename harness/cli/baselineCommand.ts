import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Summary } from '../../contracts/Summary.ts';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { log, setQuiet } from '../common/log.ts';
import { loadConfig, type GoldpathConfig } from '../config/index.ts';
import { formatBaselineNoise } from '../report/formatBaselineNoise.ts';
import { runSuite, type RunSuiteOptions, type RunSuiteResult } from '../runner/launch/runSuite.ts';
import type { ClaimValue } from '../client/signUserToken.ts';
import { addClaimOption, claimsOf } from './claimOption.ts';
import { contractOf, contractOption } from './contractOption.ts';

/** The run options `baseline`, `validate` and `migrate` share with `goldpath run`. */
export interface SuiteFlags {
  target?: string;
  scenario?: string;
  users?: number;
  defects?: string[];
  factoryPath?: string;
  config?: string;
  project?: string[];
  workers?: number;
  secret?: string;
  /** `--claim key=value`, repeatable. */
  claims?: Record<string, ClaimValue>;
  quiet?: boolean;
  contract?: 'lenient' | 'strict';
}

/** How the commands run the suite; tests pass a fake. */
export type RunSuiteFn = (options: RunSuiteOptions) => Promise<RunSuiteResult>;

/** Adds the shared run options to a command. */
export function addSuiteOptions(command: Command): Command {
  return addClaimOption(command)
    .addOption(
      new Option('--target <target>', '"embedded" (the reference backend, default) or a ws(s):// URL').env(
        'GOLDPATH_TARGET',
      ),
    )
    .option('--scenario <glob>', 'only scenarios whose title or file matches (glob with * and ?, or a regex)')
    .addOption(new Option('--users <n>', 'simulated users of the load scenarios').env('GOLDPATH_USERS'))
    .addOption(
      new Option('--defects <list>', 'reference-backend defects, comma-separated (embedded target only)').env(
        'GOLDPATH_DEFECTS',
      ),
    )
    .option('--factory-path <path>', 'reference factory import path: canonical, compat, unified or mixed')
    .option('--project <name...>', 'Playwright projects to run')
    .option('--workers <n>', 'parallel Playwright workers (default 2)')
    .option('--config <file>', 'config file (default goldpath.config.{ts,mjs,js}); its thresholds drive the comparison')
    .addOption(
      new Option('--secret <secret>', 'HS256 secret for signing test tokens of a url target').env('GOLDPATH_SECRET'),
    )
    .addOption(contractOption())
    .option('--quiet', 'print nothing but the result and errors');
}

/** Reads the shared run options from commander's flags; a bad number is a UsageError naming the flag. */
export function suiteFlagsOf(flags: Record<string, unknown>): SuiteFlags {
  const out: SuiteFlags = {};
  if (typeof flags.target === 'string') out.target = flags.target;
  if (typeof flags.scenario === 'string') out.scenario = flags.scenario;
  if (typeof flags.users === 'string') out.users = wholeNumber(flags.users, '--users');
  if (typeof flags.defects === 'string')
    out.defects = flags.defects
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean);
  if (typeof flags.factoryPath === 'string') out.factoryPath = flags.factoryPath;
  if (Array.isArray(flags.project)) out.project = flags.project.map(String);
  if (typeof flags.workers === 'string') out.workers = wholeNumber(flags.workers, '--workers');
  if (typeof flags.config === 'string') out.config = flags.config;
  if (typeof flags.secret === 'string') out.secret = flags.secret;
  const claims = claimsOf(flags);
  if (claims !== undefined) out.claims = claims;
  if (flags.quiet === true) out.quiet = true;
  Object.assign(out, contractOf(flags));
  return out;
}

/** The runSuite options for the shared flags (the config is loaded once by the command). */
export function suiteOptionsOf(flags: SuiteFlags, config: GoldpathConfig): RunSuiteOptions {
  const { config: _file, ...rest } = flags;
  return { ...rest, config, quiet: true };
}

export function wholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new UsageError('GOLDPATH_BAD_FLAG', `${flag} ${value}: expected a whole number ≥ 1.`);
  return Number(value);
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

export interface BaselineOptions extends SuiteFlags {
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
  const config = await loadConfig(options.config ? { file: options.config } : {});
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
  addSuiteOptions(
    program
      .command('baseline')
      .description(
        'Record a baseline: run the suite K times on known-good code and store shapes, findings, latency and metrics with their noise.',
      )
      .requiredOption('--out <file>', 'baseline file to write, e.g. baselines/pre-migration.json')
      .option('--passes <k>', 'passes of the same code; the spread between them is the noise (default 2)')
      .option('--name <name>', 'baseline name (default: the file name)')
      .option('--reports <dir>', "where the passes' reports go (default reports/baseline-<name>)"),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ goldpath baseline --out baselines/pre-migration.json --factory-path mixed --users 4\n  $ goldpath baseline --out baselines/staging.json --target ws://127.0.0.1:8000/ws --passes 3',
    )
    .action(async (flags: Record<string, unknown>) => {
      if (flags.quiet === true) setQuiet(true);
      const options: BaselineOptions = { ...suiteFlagsOf(flags), out: String(flags.out) };
      if (typeof flags.passes === 'string') options.passes = wholeNumber(flags.passes, '--passes');
      if (typeof flags.name === 'string') options.name = flags.name;
      if (typeof flags.reports === 'string') options.reports = flags.reports;
      process.exitCode = await runBaseline(options);
    });
}
