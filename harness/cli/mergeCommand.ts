import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../common/exitCodes.ts';
import { log } from '../common/log.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { mergeReportDirs } from '../merge/mergeReportDirs.ts';
import { writeReports } from '../report/writeReports.ts';

const EXIT_BY_STATUS = { passed: ExitCode.Pass, failed: ExitCode.Findings, infrastructure_error: ExitCode.Infrastructure, interrupted: ExitCode.Infrastructure } as const;

export interface MergeOptions {
  out?: string;
  config?: string;
}

/**
 * `goldpath merge <dirs...>`: merges the reports of sharded runs (`goldpath run --shard i/n --out <dir>`) into
 * one, with the verdict one unsharded run would give; returns its exit code.
 * @example await runMerge(['reports/shard-1', 'reports/shard-2'], { out: 'reports/merged' })
 */
export async function runMerge(dirs: string[], options: MergeOptions = {}): Promise<number> {
  const config = await loadConfig(options.config ? { file: options.config } : {});
  const outDir = resolve(options.out ?? `${config.reports.outDir}/merged`);
  const { summary, warnings } = await mergeReportDirs(dirs, outDir);
  for (const warning of warnings) log(warning, 'warn');
  await writeReports(summary, outDir, { html: config.reports.html, junit: config.reports.junit });
  const t = summary.totals;
  log(`merged ${dirs.length} shards: ${t.scenarios} scenarios (${t.passed} passed, ${t.failed} failed), ${t.runs} runs, ${t.findings} findings → ${summary.status}; reports in ${outDir}`);
  return EXIT_BY_STATUS[summary.status];
}

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('Merge the reports of sharded runs (goldpath run --shard i/n) into one report and verdict.')
    .argument('<dirs...>', 'report directories of the shard runs, each holding a summary.json')
    .option('--out <dir>', 'where the merged reports go (default: <reports.outDir>/merged)')
    .option('--config <file>', 'goldpath config file (for reports.outDir, reports.html, reports.junit)')
    .action(async (dirs: string[], options: MergeOptions) => {
      process.exitCode = await runMerge(dirs, options);
    });
}
