import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../common/exitCodes.ts';
import { log } from '../common/log.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { mergeReportDirs } from '../merge/mergeReportDirs.ts';
import { compareWithBaseline } from '../baseline/compareWithBaseline.ts';
import { readBaseline } from '../baseline/parseBaseline.ts';
import { formatVerdict } from '../report/formatVerdict.ts';
import { writeReports } from '../report/writeReports.ts';
import type { OptionValues } from '../config/optionTable.ts';
import { addOptions, optionValues } from './addOptions.ts';
import { exitCodeOfVerdict } from './validateCommand.ts';

const EXIT_BY_STATUS = {
  passed: ExitCode.Pass,
  failed: ExitCode.Findings,
  infrastructure_error: ExitCode.Infrastructure,
  interrupted: ExitCode.Infrastructure,
} as const;

export interface MergeOptions extends Pick<OptionValues, 'configFile'> {
  out?: string;
  /** Compare the merged run with this baseline: the exit code is then the verdict's. */
  baseline?: string;
}

/**
 * `goldpath merge <dirs...>`: merges the reports of sharded runs (`goldpath run --shard i/n --out <dir>`) into
 * one, with the status one unsharded run would give, and with `baseline` the verdict against it; returns the exit code.
 * @example await runMerge(['reports/shard-1', 'reports/shard-2'], { out: 'reports/merged', baseline: 'baselines/pre-migration.json' })
 */
export async function runMerge(dirs: string[], options: MergeOptions = {}): Promise<number> {
  const config = await loadConfig(options.configFile !== undefined ? { file: options.configFile } : {});
  const baseline = options.baseline !== undefined ? await readBaseline(options.baseline) : undefined;
  const outDir = resolve(options.out ?? `${config.reports.outDir}/merged`);
  const { summary, warnings } = await mergeReportDirs(dirs, outDir);
  for (const warning of warnings) log(warning, 'warn');
  const verdict =
    baseline && summary.status !== 'infrastructure_error'
      ? compareWithBaseline(baseline, summary, config.thresholds, { baselineFile: options.baseline as string })
      : undefined;
  await writeReports(summary, outDir, {
    ...(verdict && { verdict }),
    html: config.reports.html,
    junit: config.reports.junit,
    onError: (message) => log(message, 'error'),
  });
  const t = summary.totals;
  const merged = `merged ${dirs.length} shards: ${t.scenarios} scenarios (${t.passed} passed, ${t.failed} failed), ${t.runs} runs, ${t.findings} findings → ${summary.status}`;
  if (!verdict) {
    const why =
      summary.status === 'infrastructure_error'
        ? `; ${summary.result?.problems[0] ?? 'a shard could not do its job'}${baseline ? ', so no verdict' : ''}`
        : '';
    log(`${merged}${why}; reports in ${outDir}`, summary.status === 'passed' ? 'info' : 'error');
    return EXIT_BY_STATUS[summary.status];
  }
  log(merged);
  for (const line of formatVerdict(verdict).split('\n'))
    log(line, verdict.status === 'PASS' || line.startsWith('note:') ? 'info' : 'error');
  log(
    `verdict of the merged run: ${verdict.status}; reports with the verdict in ${outDir}`,
    verdict.status === 'PASS' ? 'info' : 'error',
  );
  return exitCodeOfVerdict(verdict);
}

export function registerMergeCommand(program: Command): void {
  const command = program
    .command('merge')
    .description('Merge the reports of sharded runs (goldpath run --shard i/n) into one report and verdict.')
    .argument('<dirs...>', 'report directories of the shard runs, each holding a summary.json')
    .option('--out <dir>', 'where the merged reports go (default: <reports.outDir>/merged)');
  addOptions(command, 'merge')
    .option(
      '--baseline <file>',
      'compare the merged run with a baseline and exit with its verdict (0 PASS, 1 REGRESSED or BROKEN)',
    )
    .action(async (dirs: string[], flags: Record<string, unknown>) => {
      process.exitCode = await runMerge(dirs, {
        ...optionValues(flags, 'merge'),
        ...(typeof flags.out === 'string' && { out: flags.out }),
        ...(typeof flags.baseline === 'string' && { baseline: flags.baseline }),
      });
    });
}
